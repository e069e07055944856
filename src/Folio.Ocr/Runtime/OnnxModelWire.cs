namespace Folio.Ocr.Runtime;

/// <summary>The parts of an ONNX ModelProto that graph rewrites share: its graph field, default opset, and re-writing it with a new graph.</summary>
internal static class OnnxModelWire
{
    // ModelProto.graph, ModelProto.opset_import; OperatorSetIdProto.domain and .version.
    private const int ModelGraph = 7, ModelOpset = 8, OpsetDomain = 1, OpsetVersion = 2;

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
}
