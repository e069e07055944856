using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Rewrites an FP32 model into static INT8 in QDQ form for ONNX Runtime's CPU provider: batch normalisations folded
/// into their convolutions (<see cref="BatchNormFolding"/>); the weights of every convolution, and of every Gemm and
/// MatMul whose second input is a constant, int8 symmetric per output channel behind a DequantizeLinear; their biases
/// int32; their activation inputs, and the convolutions' outputs, through a QuantizeLinear/DequantizeLinear pair of
/// uint8 asymmetric per tensor, scaled from a calibration table (<see cref="Int8Calibration"/>). ONNX Runtime turns
/// each such convolution into QLinearConv and each such matrix product into MatMulIntegerToFloat (or QGemm); the
/// nodes in between stay FP32.
/// </summary>
/// <remarks>
/// A model older than opset 10 is raised to it first (<see cref="OpsetTen"/>): ONNX Runtime makes QLinearConv in the
/// model's default opset. Opsets below 13 have no per-axis DequantizeLinear, so there the pairs come from the
/// com.microsoft domain, whose QuantizeLinear and DequantizeLinear ONNX Runtime treats as the standard ones. A matrix
/// product of two activations (attention's scores) stays FP32. A convolution's output is quantized only when it is not
/// a graph output.
/// </remarks>
public static class Int8Quantization
{
    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>The rewrite's settings in one line, for keys of results that depend on them (the page cache's).</summary>
    public static string Settings { get; } =
        "qdq weights[int8 symmetric per-channel: Conv, Gemm, MatMul] activations[uint8 asymmetric per-tensor, min/max] bias[int32] batchNormalization[folded] scaleShift[folded]";

    /// <summary>Rewrites <paramref name="model"/> in place with the ranges of <paramref name="table"/>.</summary>
    /// <param name="model">The FP32 model (any edits, such as <see cref="TopKHead"/> and <see cref="ScaleShiftFolding"/>, already applied).</param>
    /// <param name="table">Activation ranges taken on this model file.</param>
    /// <param name="modelSha256">The SHA-256 of the model file the model was read from.</param>
    /// <exception cref="InvalidDataException">The table is for another model file, or lacks a range the rewrite needs.</exception>
    public static void Apply(ModelProto model, Int8Calibration table, string modelSha256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        table.RequireModel(modelSha256);
        var graph = model.Graph ?? throw new InvalidDataException("Not an ONNX model: no graph.");
        OpsetTen.Raise(model);
        BatchNormFolding.Fold(model);
        var constants = new GraphConstants(graph);
        var plan = QuantizedNode.Plan(graph, constants);
        var missing = plan.SelectMany(p => p.Tensors).Distinct(StringComparer.Ordinal).Where(t => !table.Ranges.ContainsKey(t)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"The INT8 calibration table of {table.Model} has no range for {missing.Count} tensors the rewrite quantizes, e.g. '{missing[0]}': take it again (folio-bench calibrate).");
        }

        var domain = OnnxGraph.DefaultOpset(model) >= 13 ? string.Empty : MicrosoftDomain;
        if (domain.Length > 0 && !model.OpsetImport.Any(o => o.Domain == domain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = 1 });
        }

        new QdqWriter(graph, constants, table, domain).Write(plan);
        constants.RemoveUnread();
    }

    /// <summary>
    /// The tensors whose ranges <see cref="Apply"/> reads, in graph order: what a calibration run records on the FP32
    /// model (their names are the same there, batch normalisations unfolded).
    /// </summary>
    public static IReadOnlyList<string> TensorsToCalibrate(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var copy = model.Clone();
        var graph = copy.Graph ?? throw new InvalidDataException("Not an ONNX model: no graph.");
        BatchNormFolding.Fold(copy);
        return [.. QuantizedNode.Plan(graph, new GraphConstants(graph)).SelectMany(p => p.Tensors).Distinct(StringComparer.Ordinal)];
    }

    private sealed class QdqWriter(GraphProto graph, GraphConstants constants, Int8Calibration table, string domain)
    {
        private readonly Dictionary<string, float> _scales = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _dequantized = new(StringComparer.Ordinal);
        private readonly List<NodeProto> _nodes = [];

        public void Write(List<QuantizedNode> plan)
        {
            var byNode = new Dictionary<NodeProto, QuantizedNode>(ReferenceEqualityComparer.Instance);
            plan.ForEach(p => byNode[p.Node] = p);
            var outputs = plan.Where(p => p.Output is not null).Select(p => p.Output!).ToHashSet(StringComparer.Ordinal);
            var inputs = plan.Select(p => p.Activation).ToHashSet(StringComparer.Ordinal);
            foreach (var input in graph.Input.Where(i => inputs.Contains(i.Name)))
            {
                Pair(input.Name);
            }

            foreach (var node in graph.Node)
            {
                // A convolution's quantized output is read, by every consumer, through its pair.
                for (var i = 0; i < node.Input.Count; i++)
                {
                    if (outputs.Contains(node.Input[i]) && _dequantized.TryGetValue(node.Input[i], out var dq))
                    {
                        node.Input[i] = dq;
                    }
                }

                if (byNode.GetValueOrDefault(node) is { } quantized)
                {
                    Quantize(quantized);
                }

                _nodes.Add(node);
                foreach (var output in node.Output.Where(o => inputs.Contains(o) || outputs.Contains(o)))
                {
                    Pair(output);
                }
            }

            graph.Node.Clear();
            graph.Node.AddRange(_nodes);
        }

        // The node reads its activation through the pair, its weights and bias through their DequantizeLinear.
        private void Quantize(QuantizedNode q)
        {
            var node = q.Node;
            var activation = q.Activation;
            if (!_dequantized.TryGetValue(activation, out var dq))
            {
                throw new InvalidOperationException($"'{activation}' is read before it is made.");
            }

            node.Input[0] = dq;
            var weights = constants.Float(node.Input[1])!;
            var quantized = QuantizationMath.PerChannel(OnnxGraph.Floats(weights), q.Channels, q.Outer);
            var prefix = node.Input[1];
            var values = constants.AddInt8(prefix + "_int8", quantized.Values, [.. weights.Dims]);
            var scales = constants.AddFloats(prefix + "_scale", quantized.Scales, q.Channels);
            var zeros = constants.AddInt8(prefix + "_zero_point", new sbyte[q.Channels], q.Channels);
            node.Input[1] = Dequantize(values, scales, zeros, prefix + "_dequantized", q.Axis);
            if (q.HasBias)
            {
                var bias = QuantizationMath.Bias(OnnxGraph.Floats(constants.Float(node.Input[2])!), _scales[activation], quantized.Scales);
                var biasPrefix = node.Input[2];
                var biasValues = constants.AddInt32(biasPrefix + "_int32", bias.Values, q.Channels);
                var biasScales = constants.AddFloats(biasPrefix + "_scale", bias.Scales, q.Channels);
                var biasZeros = constants.AddInt32(biasPrefix + "_zero_point", new int[q.Channels], q.Channels);
                node.Input[2] = Dequantize(biasValues, biasScales, biasZeros, biasPrefix + "_dequantized", 0);
            }
        }

        private string Dequantize(string values, string scales, string zeros, string name, long? axis)
        {
            var output = constants.Fresh(name);
            var node = OnnxGraph.Node(constants.Fresh("folio_dq_" + output), "DequantizeLinear", [values, scales, zeros], [output]);
            node.Domain = domain;
            if (axis is { } a)
            {
                node.Attribute.Add(OnnxGraph.IntAttribute("axis", a));
            }

            _nodes.Add(node);
            return output;
        }

        // QuantizeLinear and DequantizeLinear of one tensor at its calibrated uint8 scale, made once.
        private void Pair(string tensor)
        {
            if (_dequantized.ContainsKey(tensor))
            {
                return;
            }

            var (min, max) = table.Range(tensor);
            var (scale, zeroPoint) = QuantizationMath.Activation(min, max);
            var scaleName = constants.AddFloats(tensor + "_scale", [scale]);
            var zeroName = constants.AddUInt8(tensor + "_zero_point", [zeroPoint]);
            _scales[tensor] = scale;
            var quantized = constants.Fresh(tensor + "_quantized");
            var q = OnnxGraph.Node(constants.Fresh("folio_q_" + tensor), "QuantizeLinear", [tensor, scaleName, zeroName], [quantized]);
            q.Domain = domain;
            _nodes.Add(q);
            _dequantized[tensor] = Dequantize(quantized, scaleName, zeroName, tensor + "_dequantized", null);
        }
    }
}
