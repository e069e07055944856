using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Raises a model of the default opset 7–9 to opset 10, the first with QLinearConv: ONNX Runtime's QDQ rewrite
/// makes its integer nodes in the model's default opset and refuses to load a graph whose opset lacks them. Of the
/// operators whose definition changed at 10, Slice and TopK are rewritten (their attributes become int64 inputs,
/// same meaning); Dropout, AveragePool and MaxPool read the same; a model with an Upsample is refused.
/// </summary>
internal static class OpsetTen
{
    /// <summary>Raises <paramref name="model"/> in place; nothing to do at opset 10 or later.</summary>
    /// <exception cref="InvalidDataException">The model's opset is older than 7, or it has an operator that opset 10 changed and this does not rewrite.</exception>
    public static void Raise(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var opset = OnnxGraph.DefaultOpset(model);
        if (opset >= 10)
        {
            return;
        }

        var graph = model.Graph ?? throw new InvalidDataException("Not an ONNX model: no graph.");
        var nodes = graph.Node.Where(n => OnnxGraph.IsDefaultDomain(n.Domain)).ToList();
        if (opset < 7 || nodes.Any(n => n.OpType == "Upsample"))
        {
            throw new InvalidDataException($"The model (opset {opset}) cannot be raised to opset 10 for INT8: {(opset < 7 ? "it is older than opset 7" : "it has an Upsample")}.");
        }

        var constants = new GraphConstants(graph);
        foreach (var slice in nodes.Where(n => n.OpType == "Slice" && n.Input.Count == 1))
        {
            var name = slice.Name.Length > 0 ? slice.Name : slice.Output[0];
            var starts = Ints(slice, "starts");
            slice.Input.Add(constants.AddInt64(name + "_starts", starts));
            slice.Input.Add(constants.AddInt64(name + "_ends", Ints(slice, "ends")));
            if (OnnxGraph.Attribute(slice, "axes") is { } axes)
            {
                slice.Input.Add(constants.AddInt64(name + "_axes", [.. axes.Ints]));
            }

            RemoveAttributes(slice, "starts", "ends", "axes");
        }

        foreach (var topK in nodes.Where(n => n.OpType == "TopK" && n.Input.Count == 1))
        {
            var k = OnnxGraph.Attribute(topK, "k") ?? throw new InvalidDataException($"TopK {topK.Name} has no k.");
            topK.Input.Add(constants.AddInt64((topK.Name.Length > 0 ? topK.Name : topK.Output[0]) + "_k", [k.I]));
            RemoveAttributes(topK, "k");
        }

        foreach (var import in model.OpsetImport.Where(o => OnnxGraph.IsDefaultDomain(o.Domain)))
        {
            import.Version = 10;
        }
    }

    private static long[] Ints(NodeProto node, string attribute) =>
        OnnxGraph.Attribute(node, attribute) is { } a ? [.. a.Ints] : throw new InvalidDataException($"{node.OpType} {node.Name} has no {attribute}.");

    private static void RemoveAttributes(NodeProto node, params string[] names)
    {
        var kept = node.Attribute.Where(a => !names.Contains(a.Name)).ToList();
        node.Attribute.Clear();
        node.Attribute.AddRange(kept);
    }
}
