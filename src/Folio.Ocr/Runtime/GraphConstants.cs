using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Folio.Ocr.Runtime;

/// <summary>
/// The constant tensors of a graph, from its initializers and its Constant nodes, by value name; and new
/// initializers under names the graph does not use yet.
/// </summary>
internal sealed class GraphConstants
{
    private readonly GraphProto _graph;
    private readonly Dictionary<string, TensorProto> _tensors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public GraphConstants(GraphProto graph)
    {
        _graph = graph;
        var inputs = new HashSet<string>(graph.Input.Select(i => i.Name), StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer.Where(i => !inputs.Contains(i.Name)))
        {
            _tensors[initializer.Name] = initializer;
        }

        _names.UnionWith(inputs.Concat(graph.Initializer.Select(i => i.Name)));
        foreach (var node in graph.Node)
        {
            _names.UnionWith(node.Output);
            if (node.Output.Count == 1 && OnnxGraph.ConstantValue(node) is { } tensor)
            {
                _tensors[node.Output[0]] = tensor;
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is a constant (not a graph input that an initializer only defaults).</summary>
    public bool IsConstant(string name) => _tensors.ContainsKey(name);

    /// <summary>The constant float tensor of that name, or null.</summary>
    public TensorProto? Float(string name) => _tensors.TryGetValue(name, out var t) && t.DataType == (int)DataType.Float ? t : null;

    /// <summary>A name the graph does not use yet, from <paramref name="name"/>.</summary>
    public string Fresh(string name)
    {
        var fresh = name;
        for (var n = 1; !_names.Add(fresh); n++)
        {
            fresh = name + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return fresh;
    }

    /// <summary>Adds a float initializer of that shape; returns its name.</summary>
    public string AddFloats(string name, ReadOnlySpan<float> values, params long[] dims) =>
        Add(name, DataType.Float, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), dims);

    /// <summary>Adds an FP16 initializer of that shape; returns its name.</summary>
    public string AddFloat16(string name, ReadOnlySpan<Half> values, params long[] dims) =>
        Add(name, DataType.Float16, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), dims);

    /// <summary>Adds an int8 initializer of that shape; returns its name.</summary>
    public string AddInt8(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        Add(name, DataType.Int8, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), dims);

    /// <summary>Adds a uint8 initializer of that shape; returns its name.</summary>
    public string AddUInt8(string name, ReadOnlySpan<byte> values, params long[] dims) => Add(name, DataType.Uint8, values, dims);

    /// <summary>Adds an int32 initializer of that shape; returns its name.</summary>
    public string AddInt32(string name, ReadOnlySpan<int> values, params long[] dims) =>
        Add(name, DataType.Int32, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), dims);

    /// <summary>Adds a one-dimensional int64 initializer; returns its name.</summary>
    public string AddInt64(string name, long[] values) =>
        Add(name, DataType.Int64, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()), [values.Length]);

    /// <summary>Removes the Constant nodes and initializers that no node and no graph output reads any more.</summary>
    public void RemoveUnread()
    {
        var read = new HashSet<string>(_graph.Node.SelectMany(n => n.Input).Concat(_graph.Output.Select(o => o.Name)), StringComparer.Ordinal);
        var inputs = new HashSet<string>(_graph.Input.Select(i => i.Name), StringComparer.Ordinal);
        var nodes = _graph.Node.Where(n => !(n.Output.Count == 1 && OnnxGraph.ConstantValue(n) is not null && !read.Contains(n.Output[0]))).ToList();
        _graph.Node.Clear();
        _graph.Node.AddRange(nodes);
        var initializers = _graph.Initializer.Where(i => read.Contains(i.Name) || inputs.Contains(i.Name)).ToList();
        _graph.Initializer.Clear();
        _graph.Initializer.AddRange(initializers);
    }

    // Little-endian raw data, as ONNX stores it (this runs on little-endian machines only, like ONNX Runtime's CPU builds).
    private string Add(string name, DataType type, ReadOnlySpan<byte> raw, long[] dims)
    {
        var fresh = Fresh(name);
        var tensor = new TensorProto { Name = fresh, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        _tensors[fresh] = tensor;
        return fresh;
    }
}
