using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>Which node makes each value of a graph and which nodes read it, as the graph stands when this is made.</summary>
internal sealed class GraphReaders
{
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _readers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _graphOutputs;

    public GraphReaders(GraphProto graph)
    {
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
            {
                _producers[output] = node;
            }

            foreach (var input in node.Input)
            {
                (_readers.TryGetValue(input, out var list) ? list : _readers[input] = []).Add(node);
            }
        }

        _graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The node that makes <paramref name="value"/>, or null for graph inputs and initializers.</summary>
    public NodeProto? Producer(string value) => _producers.GetValueOrDefault(value);

    /// <summary>The one node that reads <paramref name="value"/>, when exactly one does and it is no graph output; otherwise null.</summary>
    public NodeProto? SoleReader(string value) =>
        !_graphOutputs.Contains(value) && _readers.TryGetValue(value, out var list) && list.Count == 1 ? list[0] : null;
}
