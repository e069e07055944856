using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Folio.Ocr.Runtime;

/// <summary>
/// The element type of every value of a graph, inferred in node order from the graph's inputs, initializers and
/// constants: enough to tell float tensors from the integer and boolean ones of shape computations.
/// </summary>
internal static class ElementTypes
{
    private static readonly HashSet<string> Int64Outputs = new(StringComparer.Ordinal) { "Shape", "Size", "NonZero", "ArgMax", "ArgMin" };

    private static readonly HashSet<string> BoolOutputs = new(StringComparer.Ordinal)
    {
        "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf",
    };

    /// <summary>Element type by value name (<see cref="DataType.Undefined"/> where nothing tells).</summary>
    public static Dictionary<string, DataType> Infer(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var types = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var value in graph.Input.Concat(graph.ValueInfo).Concat(graph.Output))
        {
            if (value.Type?.TensorType is { } tensor)
            {
                types[value.Name] = (DataType)tensor.ElemType;
            }
        }

        foreach (var initializer in graph.Initializer)
        {
            types[initializer.Name] = (DataType)initializer.DataType;
        }

        foreach (var node in graph.Node)
        {
            var outputs = OutputTypes(node, types);
            for (var i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i].Length > 0 && !types.ContainsKey(node.Output[i]))
                {
                    types[node.Output[i]] = outputs(i);
                }
            }
        }

        return types;
    }

    private static Func<int, DataType> OutputTypes(NodeProto node, Dictionary<string, DataType> types)
    {
        DataType Input(int index) => index < node.Input.Count && types.TryGetValue(node.Input[index], out var type) ? type : DataType.Undefined;
        DataType FirstKnownInput() => node.Input.Select(i => types.GetValueOrDefault(i)).FirstOrDefault(t => t != DataType.Undefined);
        if (!OnnxGraph.IsDefaultDomain(node.Domain))
        {
            return _ => FirstKnownInput();
        }

        return node.OpType switch
        {
            "Constant" => _ => OnnxGraph.ConstantValue(node) is { } tensor ? (DataType)tensor.DataType : DataType.Undefined,
            "Cast" => _ => (DataType)(OnnxGraph.Attribute(node, "to")?.I ?? 0),
            "ConstantOfShape" => _ => OnnxGraph.Attribute(node, "value")?.T is { } value ? (DataType)value.DataType : DataType.Float,
            "TopK" => i => i == 1 ? DataType.Int64 : Input(0),
            "Where" => _ => Input(1),
            _ when Int64Outputs.Contains(node.OpType) => _ => DataType.Int64,
            _ when BoolOutputs.Contains(node.OpType) => _ => DataType.Bool,
            _ => _ => FirstKnownInput(),
        };
    }
}
