namespace Folio.Ocr.Runtime;

/// <summary>
/// The parts of an ONNX model that graph rewrites share: the graph field, the default opset, re-writing the model
/// with a new graph, and new nodes with their attributes.
/// </summary>
internal static class OnnxModelWire
{
    // ModelProto.graph, ModelProto.opset_import; OperatorSetIdProto.domain and .version.
    private const int ModelGraph = 7, ModelOpset = 8, OpsetDomain = 1, OpsetVersion = 2;

    // NodeProto fields; AttributeProto fields and AttributeType values.
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttrName = 1, AttrFloat = 2, AttrInt = 3, AttrInts = 8, AttrType = 20;
    private const int AttrTypeFloat = 1, AttrTypeInt = 2, AttrTypeInts = 7;

    /// <summary>Index of the graph among <paramref name="modelFields"/>, or -1.</summary>
    public static int GraphIndex(List<WireField> modelFields) => modelFields.FindIndex(f => f.Number == ModelGraph && f.WireType == 2);

    /// <summary>The version of the default (ai.onnx) operator set the model imports; 0 when it names none.</summary>
    public static long DefaultOpset(List<WireField> modelFields) =>
        modelFields.Where(f => f.Number == ModelOpset && f.WireType == 2)
            .Select(f => ProtoWire.Read(f.Payload))
            .Where(o => o.FirstOrDefault(x => x.Number == OpsetDomain).Payload.Length == 0 || o.First(x => x.Number == OpsetDomain).Text == "ai.onnx")
            .Select(o => (long)o.FirstOrDefault(x => x.Number == OpsetVersion).Varint)
            .DefaultIfEmpty(0).Max();

    /// <summary>The model with the field at <paramref name="graphIndex"/> replaced by <paramref name="graph"/>, every other field copied byte for byte.</summary>
    public static byte[] WithGraph(List<WireField> modelFields, int graphIndex, byte[] graph)
    {
        using var output = new MemoryStream(modelFields.Sum(f => f.Raw.Length) + graph.Length);
        for (var i = 0; i < modelFields.Count; i++)
        {
            if (i == graphIndex)
            {
                ProtoWire.WriteBytes(output, ModelGraph, graph);
            }
            else
            {
                output.Write(modelFields[i].Raw.Span);
            }
        }

        return output.ToArray();
    }

    /// <summary>A NodeProto of the default domain.</summary>
    public static byte[] Node(string name, string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, params byte[][] attributes)
    {
        using var node = new MemoryStream();
        foreach (var input in inputs)
        {
            ProtoWire.WriteString(node, NodeInput, input);
        }

        foreach (var output in outputs)
        {
            ProtoWire.WriteString(node, NodeOutput, output);
        }

        ProtoWire.WriteString(node, NodeName, name);
        ProtoWire.WriteString(node, NodeOpType, opType);
        foreach (var attribute in attributes)
        {
            ProtoWire.WriteBytes(node, NodeAttribute, attribute);
        }

        return node.ToArray();
    }

    /// <summary>A float attribute.</summary>
    public static byte[] FloatAttribute(string name, float value) =>
        Attribute(name, AttrTypeFloat, a => ProtoWire.WriteFloat(a, AttrFloat, value));

    /// <summary>An int attribute, or with <paramref name="asList"/> an ints attribute holding one value.</summary>
    public static byte[] IntAttribute(string name, long value, bool asList = false) =>
        Attribute(name, asList ? AttrTypeInts : AttrTypeInt, a => ProtoWire.WriteVarintField(a, asList ? AttrInts : AttrInt, unchecked((ulong)value)));

    private static byte[] Attribute(string name, int type, Action<Stream> writeValue)
    {
        using var attribute = new MemoryStream();
        ProtoWire.WriteString(attribute, AttrName, name);
        writeValue(attribute);
        ProtoWire.WriteVarintField(attribute, AttrType, (ulong)type);
        return attribute.ToArray();
    }
}
