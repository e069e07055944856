using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// For the CPU: each shift left before a convolution after <see cref="ScaleShiftFolding"/> (<c>Add(h, b)</c>, b one
/// value; the shifts before padded convolutions) becomes a BatchNormalization of scale 1, mean 0, variance 1 and ε 0,
/// whose output is the same sum. ONNX Runtime's CPU provider runs it inside its blocked channel layout (NCHWc) as a
/// 1 × 1 depthwise convolution, where an Add of a constant makes it convert the map out of that layout and back.
/// Not for CUDA: there mixed precision keeps such a normalisation in FP32, behind casts.
/// </summary>
internal static class ShiftNormalization
{
    /// <summary>Rewrites every such shift of <paramref name="model"/> in place; returns how many were.</summary>
    public static int Rewrite(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new InvalidDataException("Not an ONNX model: no graph.");
        if (OnnxGraph.HasSubgraphs(graph) || OnnxGraph.DefaultOpset(model) < 7)
        {
            return 0; // reader counts miss subgraphs; before opset 7 BatchNormalization needs is_test
        }

        var constants = new GraphConstants(graph);
        var graphReaders = new GraphReaders(graph);
        var rewritten = 0;
        for (var n = 0; n < graph.Node.Count; n++)
        {
            var add = graph.Node[n];
            if (add.OpType != "Add" || add.Output.Count != 1 || graphReaders.SoleReader(add.Output[0]) is not { OpType: "Conv" } conv || !OnnxGraph.IsDefaultDomain(conv.Domain)
                || conv.Input[0] != add.Output[0] || constants.Float(conv.Input[1]) is not { Dims.Count: 4 } weights
                || add.Input.FirstOrDefault(i => !constants.IsConstant(i)) is not { } input
                || ScaleShiftFolding.Step(add, input, constants) is not { Scale: false, Values: [var shift], Rank: <= 1 })
            {
                continue;
            }

            var channels = (int)(weights.Dims[1] * (OnnxGraph.Attribute(conv, "group")?.I ?? 1));
            var name = add.Name.Length > 0 ? add.Name : add.Output[0];
            graph.Node[n] = OnnxGraph.Node(
                name + "_as_normalization",
                "BatchNormalization",
                [
                    input,
                    constants.AddFloats(name + "_scale", Enumerable.Repeat(1f, channels).ToArray(), channels),
                    constants.AddFloats(name + "_shift", Enumerable.Repeat(shift, channels).ToArray(), channels),
                    constants.AddFloats(name + "_mean", new float[channels], channels),
                    constants.AddFloats(name + "_variance", Enumerable.Repeat(1f, channels).ToArray(), channels),
                ],
                [add.Output[0]],
                OnnxGraph.FloatAttribute("epsilon", 0f));
            rewritten++;
        }

        if (rewritten > 0)
        {
            constants.RemoveUnread();
        }

        return rewritten;
    }
}
