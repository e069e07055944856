using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// A node that <see cref="Int8Quantization"/> quantizes, and how: a convolution, or a Gemm or MatMul whose second
/// input is a constant.
/// </summary>
/// <param name="Node">The node.</param>
/// <param name="Activation">Its activation input (input 0), as named before the rewrite.</param>
/// <param name="Output">Its output when that is quantized too (a convolution's, unless it is a graph output); null otherwise.</param>
/// <param name="Channels">Output channels of the weights (input 1): each gets its own scale.</param>
/// <param name="Outer">Product of the weight dimensions before the channel axis.</param>
/// <param name="Axis">The channel axis of the weights.</param>
/// <param name="HasBias">Whether input 2 is a bias to quantize to int32.</param>
internal sealed record QuantizedNode(NodeProto Node, string Activation, string? Output, int Channels, int Outer, int Axis, bool HasBias)
{
    /// <summary>The tensors whose ranges the node's quantization needs: its activation input, and its output when quantized.</summary>
    public IEnumerable<string> Tensors => Output is null ? [Activation] : [Activation, Output];

    /// <summary>The nodes of <paramref name="graph"/> to quantize, in graph order.</summary>
    public static List<QuantizedNode> Plan(GraphProto graph, GraphConstants constants)
    {
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var plan = new List<QuantizedNode>();
        foreach (var node in graph.Node.Where(n => OnnxGraph.IsDefaultDomain(n.Domain) && n.Input.Count >= 2 && n.Output.Count == 1))
        {
            if (constants.IsConstant(node.Input[0]) || constants.Float(node.Input[1]) is not { } weights)
            {
                continue;
            }

            var dims = weights.Dims;
            var quantized = node.OpType switch
            {
                "Conv" when dims.Count >= 3 => new QuantizedNode(node, node.Input[0], graphOutputs.Contains(node.Output[0]) ? null : node.Output[0], (int)dims[0], 1, 0, HasInput(node, 2)),
                "MatMul" when dims.Count == 2 => new QuantizedNode(node, node.Input[0], null, (int)dims[1], (int)dims[0], 1, false),
                "Gemm" when dims.Count == 2 && (OnnxGraph.Attribute(node, "alpha")?.F ?? 1f) == 1f => OnnxGraph.Attribute(node, "transB")?.I == 1
                    ? new QuantizedNode(node, node.Input[0], null, (int)dims[0], 1, 0, HasInput(node, 2))
                    : new QuantizedNode(node, node.Input[0], null, (int)dims[1], (int)dims[0], 1, HasInput(node, 2)),
                _ => null,
            };
            if (quantized is not null && (!quantized.HasBias || BiasFits(node, quantized.Channels, constants)))
            {
                plan.Add(quantized);
            }
        }

        return plan;
    }

    private static bool HasInput(NodeProto node, int index) => node.Input.Count > index && node.Input[index].Length > 0;

    // A bias quantizes when it is a constant of one value per channel (and Gemm adds it as it is, beta 1).
    private static bool BiasFits(NodeProto node, int channels, GraphConstants constants) =>
        constants.Float(node.Input[2]) is { } bias && OnnxGraph.Floats(bias).Length == channels
        && (node.OpType != "Gemm" || (OnnxGraph.Attribute(node, "beta")?.F ?? 1f) == 1f);
}
