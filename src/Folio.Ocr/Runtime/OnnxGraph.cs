using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// What the graph edits share on OnnxSharp's typed model: reading and writing models, the default opset, new nodes
/// and attributes, and the value of a constant tensor.
/// </summary>
internal static class OnnxGraph
{
    /// <summary>The model in <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model (not a protobuf message, or no graph).</exception>
    public static ModelProto Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"Not an ONNX model: {ex.Message}", ex);
        }

        return model.Graph is null ? throw new InvalidDataException("Not an ONNX model: no graph.") : model;
    }

    /// <summary>The version of the default (ai.onnx) operator set the model imports; 0 when it names none.</summary>
    public static long DefaultOpset(ModelProto model) =>
        model.OpsetImport.Where(o => IsDefaultDomain(o.Domain)).Select(o => o.Version).DefaultIfEmpty(0).Max();

    /// <summary>Whether a node's or an opset's domain is the default (ai.onnx) one.</summary>
    public static bool IsDefaultDomain(string domain) => domain.Length == 0 || domain == "ai.onnx";

    /// <summary>A node of the default domain.</summary>
    public static NodeProto Node(string name, string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>A float attribute.</summary>
    public static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>An int attribute.</summary>
    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>Whether any node of <paramref name="graph"/> holds a subgraph (If, Loop, Scan).</summary>
    public static bool HasSubgraphs(GraphProto graph) =>
        graph.Node.Any(n => n.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0));

    /// <summary>The attribute of that name, or null.</summary>
    public static AttributeProto? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    /// <summary>A one-dimensional int64 tensor.</summary>
    public static TensorProto Int64Tensor(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    /// <summary>A graph input or output: a tensor of that element type, its shape left open.</summary>
    public static ValueInfoProto TensorValue(string name, TensorProto.Types.DataType elementType) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType } } };

    /// <summary>The tensor a Constant node holds as a float, int or tensor attribute; null for other nodes.</summary>
    public static TensorProto? ConstantValue(NodeProto node)
    {
        if (node.OpType != "Constant" || !IsDefaultDomain(node.Domain))
        {
            return null;
        }

        if (Attribute(node, "value") is { T: { } tensor })
        {
            return tensor;
        }

        if (Attribute(node, "value_float") is { } f)
        {
            return new TensorProto { DataType = (int)TensorProto.Types.DataType.Float, FloatData = { f.F } };
        }

        return Attribute(node, "value_int") is { } i ? new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64, Int64Data = { i.I } } : null;
    }

    /// <summary>Every element of a float tensor, from its raw bytes or its float list.</summary>
    public static float[] Floats(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.RawData.Length == 0)
        {
            return [.. tensor.FloatData];
        }

        var raw = tensor.RawData.Span;
        var values = new float[raw.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
        }

        return values;
    }

    /// <summary>The value of a float tensor with exactly one element; null for anything else.</summary>
    public static float? Scalar(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float || tensor.Dims.Any(d => d != 1))
        {
            return null;
        }

        var values = Floats(tensor);
        return values.Length == 1 ? values[0] : null;
    }
}
