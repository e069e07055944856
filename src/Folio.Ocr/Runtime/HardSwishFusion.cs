namespace Folio.Ocr.Runtime;

/// <summary>
/// Rewrites the hard-swish that the PaddleOCR exports spell out as four elementwise nodes,
/// <c>Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6)</c>, into one <c>HardSwish</c> node (opset ≥ 14) or
/// <c>Mul(x, HardSigmoid(x; 1/6, 0.5))</c>. ONNX Runtime does not fuse that pattern itself, and on a CPU the four
/// passes over every activation map cost about as much as the convolutions around them.
/// </summary>
/// <remarks>
/// Works on the protobuf wire format (ONNX field numbers), so it needs no ONNX library: every field it does not
/// change is copied byte for byte. Only the main graph is rewritten; a pattern whose intermediate values are
/// used elsewhere is left alone.
/// </remarks>
public static class HardSwishFusion
{
    // ONNX field numbers: ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, OperatorSetIdProto.
    private const int GraphNode = 1, GraphInitializer = 5, GraphOutput = 12, ValueInfoName = 1;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int AttrName = 1, AttrFloat = 2, AttrTensor = 5;
    private const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorName = 8, TensorRawData = 9, FloatType = 1;

    /// <summary>The model with every hard-swish pattern fused, and how many were.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a protobuf message.</exception>
    public static byte[] Fuse(byte[] model, out int fused)
    {
        ArgumentNullException.ThrowIfNull(model);
        var modelFields = ProtoWire.Read(model);
        var graphField = OnnxModelWire.GraphIndex(modelFields);
        fused = 0;
        if (graphField < 0)
        {
            return model;
        }

        var graph = RewriteGraph(modelFields[graphField].Payload, OnnxModelWire.DefaultOpset(modelFields) >= 14, out fused);
        return fused == 0 ? model : OnnxModelWire.WithGraph(modelFields, graphField, graph);
    }

    private static byte[] RewriteGraph(ReadOnlyMemory<byte> graphBytes, bool hasHardSwish, out int fused)
    {
        var fields = ProtoWire.Read(graphBytes);
        var nodes = fields.Select((f, i) => (Field: f, Index: i)).Where(x => x.Field.Number == GraphNode).Select(x => new Node(x.Index, ProtoWire.Read(x.Field.Payload))).ToList();
        var constants = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var initializer in fields.Where(f => f.Number == GraphInitializer))
        {
            var tensor = ProtoWire.Read(initializer.Payload);
            if (ScalarOf(tensor) is { } value)
            {
                constants[tensor.First(t => t.Number == TensorName).Text] = value;
            }
        }

        foreach (var node in nodes.Where(n => n.OpType == "Constant" && n.Outputs.Count == 1))
        {
            var value = node.Attributes.FirstOrDefault(a => a.Name == "value")?.Tensor is { } t ? ScalarOf(t) : node.Attributes.FirstOrDefault(a => a.Name == "value_float")?.Float;
            if (value is { } v)
            {
                constants[node.Outputs[0]] = v;
            }
        }

        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in nodes.SelectMany(n => n.Inputs).Concat(fields.Where(f => f.Number == GraphOutput).Select(f => ProtoWire.Read(f.Payload).First(v => v.Number == ValueInfoName).Text)))
        {
            uses[name] = uses.GetValueOrDefault(name) + 1;
        }

        var producers = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var produced in node.Outputs)
            {
                producers[produced] = node;
            }
        }

        bool Is(string name, float value) => constants.TryGetValue(name, out var c) && Math.Abs(c - value) < 1e-6f;
        Node? SoleProducer(string name, string opType) =>
            producers.TryGetValue(name, out var node) && node.OpType == opType && node.Domain.Length == 0 && uses.GetValueOrDefault(name) == 1 ? node : null;

        var removed = new HashSet<int>();
        var replaced = new Dictionary<int, byte[][]>();
        foreach (var div in nodes.Where(n => n.OpType == "Div" && n.Domain.Length == 0 && n.Inputs.Count == 2 && n.Outputs.Count == 1 && Is(n.Inputs[1], 6)))
        {
            if (SoleProducer(div.Inputs[0], "Mul") is not { Inputs.Count: 2 } mul)
            {
                continue;
            }

            foreach (var (clipInput, x) in new[] { (mul.Inputs[0], mul.Inputs[1]), (mul.Inputs[1], mul.Inputs[0]) })
            {
                if (SoleProducer(clipInput, "Clip") is not { } clip || !ClipsToZeroSix(clip, Is)
                    || SoleProducer(clip.Inputs[0], "Add") is not { Inputs.Count: 2 } add
                    || !((add.Inputs[0] == x && Is(add.Inputs[1], 3)) || (add.Inputs[1] == x && Is(add.Inputs[0], 3)))
                    || removed.Contains(add.Index) || removed.Contains(clip.Index))
                {
                    continue;
                }

                removed.UnionWith([add.Index, clip.Index, mul.Index]);
                var name = div.Name.Length > 0 ? div.Name : div.Outputs[0];
                replaced[div.Index] = hasHardSwish
                    ? [OnnxModelWire.Node(name + "_hardswish", "HardSwish", [x], [div.Outputs[0]])]
                    : [
                        OnnxModelWire.Node(name + "_hardsigmoid", "HardSigmoid", [x], [name + "_hardsigmoid_out"], OnnxModelWire.FloatAttribute("alpha", 1f / 6), OnnxModelWire.FloatAttribute("beta", 0.5f)),
                        OnnxModelWire.Node(name + "_mul", "Mul", [x, name + "_hardsigmoid_out"], [div.Outputs[0]]),
                    ];
                break;
            }
        }

        fused = replaced.Count;
        using var output = new MemoryStream(graphBytes.Length);
        for (var i = 0; i < fields.Count; i++)
        {
            if (replaced.TryGetValue(i, out var newNodes))
            {
                foreach (var bytes in newNodes)
                {
                    ProtoWire.WriteBytes(output, GraphNode, bytes);
                }
            }
            else if (!removed.Contains(i))
            {
                output.Write(fields[i].Raw.Span);
            }
        }

        return output.ToArray();
    }

    // Clip(a, 0, 6): bounds as inputs (opset ≥ 11) or as attributes (older exports).
    private static bool ClipsToZeroSix(Node clip, Func<string, float, bool> isConstant) =>
        clip.Inputs.Count == 3
            ? isConstant(clip.Inputs[1], 0) && isConstant(clip.Inputs[2], 6)
            : clip.Attributes.FirstOrDefault(a => a.Name == "min")?.Float == 0f && clip.Attributes.FirstOrDefault(a => a.Name == "max")?.Float == 6f;

    /// <summary>The value of a float tensor with exactly one element; null for anything else.</summary>
    private static float? ScalarOf(List<WireField> tensor)
    {
        if ((int)tensor.FirstOrDefault(t => t.Number == TensorDataType).Varint != FloatType
            || tensor.Where(t => t.Number == TensorDims).Any(d => d.WireType == 0 ? d.Varint != 1 : d.Payload.Span.ToArray().Any(b => b != 1)))
        {
            return null;
        }

        var raw = tensor.FirstOrDefault(t => t.Number == TensorRawData);
        if (raw.Payload.Length == 4)
        {
            return ProtoWire.Float(raw.Payload.Span);
        }

        var floats = tensor.Where(t => t.Number == TensorFloatData).ToList();
        return floats.Count == 1 && floats[0].Payload.Length == 4 ? ProtoWire.Float(floats[0].Payload.Span) : null;
    }

    private sealed class Node
    {
        public Node(int index, List<WireField> fields)
        {
            Index = index;
            Inputs = fields.Where(f => f.Number == NodeInput).Select(f => f.Text).ToList();
            Outputs = fields.Where(f => f.Number == NodeOutput).Select(f => f.Text).ToList();
            Name = fields.FirstOrDefault(f => f.Number == NodeName).Payload.Length > 0 ? fields.First(f => f.Number == NodeName).Text : string.Empty;
            OpType = fields.FirstOrDefault(f => f.Number == NodeOpType).Payload.Length > 0 ? fields.First(f => f.Number == NodeOpType).Text : string.Empty;
            var domain = fields.FirstOrDefault(f => f.Number == NodeDomain);
            Domain = domain.Payload.Length > 0 && domain.Text != "ai.onnx" ? domain.Text : string.Empty;
            Attributes = fields.Where(f => f.Number == NodeAttribute).Select(f => new Attribute(ProtoWire.Read(f.Payload))).ToList();
        }

        public int Index { get; }

        public List<string> Inputs { get; }

        public List<string> Outputs { get; }

        public string Name { get; }

        public string OpType { get; }

        public string Domain { get; }

        public List<Attribute> Attributes { get; }
    }

    private sealed class Attribute(List<WireField> fields)
    {
        public string Name { get; } = fields.FirstOrDefault(f => f.Number == AttrName).Payload.Length > 0 ? fields.First(f => f.Number == AttrName).Text : string.Empty;

        public float? Float { get; } = fields.Any(f => f.Number == AttrFloat && f.WireType == 5) ? ProtoWire.Float(fields.First(f => f.Number == AttrFloat).Payload.Span) : null;

        public List<WireField>? Tensor { get; } = fields.Any(f => f.Number == AttrTensor) ? ProtoWire.Read(fields.First(f => f.Number == AttrTensor).Payload) : null;
    }
}
