using System.Collections.Frozen;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Rewrites an FP32 model into mixed precision: convolutions and matrix products, and the elementwise and layout
/// nodes between them, compute in FP16 with FP16 weights; normalisation, reductions, softmax, top-k and the output
/// head stay FP32. A pure function of the model and the lists below (<see cref="Settings"/>).
/// </summary>
/// <remarks>
/// Each node gets one precision: <see cref="Fp16Ops"/> FP16, <see cref="Fp32Ops"/> FP32, a batch normalisation FP16
/// only right after the convolution that ONNX Runtime folds it into, the output head (every node between the last
/// convolution or matrix product and a graph output, that one included) FP32, and every other node that computes on
/// float tensors FP32 when one of its inputs arrives in FP32, FP16 otherwise, so that a chain of FP32 nodes (a
/// normalisation spelled out as ReduceMean, Sub, Pow, Sqrt, Div, or the residual stream around it) stays FP32 until
/// the next matrix product. A value needed in the other precision gets one Cast, made once and shared by every
/// consumer; a Cast never reads another one. Constants are converted, not cast: an FP16 copy beside the FP32 one
/// where both are read. Integer and boolean values, and the nodes that only read a tensor's shape or convert it
/// (Shape, Size, Cast), are left as they are: shape computations stay int64. Graph inputs and outputs stay FP32.
/// </remarks>
public static class MixedPrecision
{
    /// <summary>Operators computed in FP16.</summary>
    public static readonly FrozenSet<string> Fp16Ops = FrozenSet.Create(StringComparer.Ordinal, "Conv", "ConvTranspose", "Gemm", "MatMul");

    /// <summary>Operators kept in FP32: normalisation, reductions, powers and roots, softmax, arg-max and top-k.</summary>
    public static readonly FrozenSet<string> Fp32Ops = FrozenSet.Create(
        StringComparer.Ordinal,
        "ArgMax", "ArgMin", "Exp", "GroupNormalization", "InstanceNormalization", "LayerNormalization", "Log", "LogSoftmax", "LpNormalization",
        "Pow", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSum",
        "ReduceSumSquare", "Reciprocal", "Softmax", "Sqrt", "TopK");

    // Nodes that read a float tensor without computing in it: they take either precision as it comes.
    private static readonly FrozenSet<string> PrecisionBlind = FrozenSet.Create(StringComparer.Ordinal, "Cast", "Shape", "Size");

    /// <summary>
    /// The rewrite's settings in one line, for keys of results that depend on them (the page cache's): a different
    /// rewrite has different settings.
    /// </summary>
    public static string Settings { get; } =
        $"fp16[{string.Join(',', Fp16Ops.Order(StringComparer.Ordinal))}] fp32[{string.Join(',', Fp32Ops.Order(StringComparer.Ordinal))}] batchNormalization[fp16AfterConv] head[fp32]";

    /// <summary>Rewrites <paramref name="model"/> in place.</summary>
    /// <exception cref="InvalidDataException">The model has no graph.</exception>
    public static void Apply(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new InvalidDataException("Not an ONNX model: no graph.");
        new Rewrite(graph).Run();
    }

    /// <summary>Whether input <paramref name="index"/> of <paramref name="node"/> keeps its own type whatever the node's precision.</summary>
    internal static bool KeepsOwnType(NodeProto node, int index) => (node.OpType, index) is ("Resize", 1 or 2) or ("Upsample", 1);

    private sealed class Rewrite
    {
        private readonly GraphProto _graph;
        private readonly Dictionary<string, DataType> _types;
        private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
        private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _consumers = new(StringComparer.Ordinal);
        private readonly GraphConstants _graphConstants;
        private readonly HashSet<string> _graphOutputs;

        // Float values as made: in which precision, under which name; then the other precision's Cast, once.
        private readonly Dictionary<string, (bool Half, string Name)> _made = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Value, bool Half), string> _casts = [];
        private readonly Dictionary<string, string> _halfConstants = new(StringComparer.Ordinal);
        private readonly List<NodeProto> _nodes = [];

        public Rewrite(GraphProto graph)
        {
            _graph = graph;
            _types = ElementTypes.Infer(graph);
            _graphOutputs = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
            foreach (var initializer in graph.Initializer.Where(i => i.DataType == (int)DataType.Float))
            {
                _constants[initializer.Name] = initializer;
            }

            _graphConstants = new GraphConstants(graph);
            foreach (var node in graph.Node)
            {
                foreach (var input in node.Input)
                {
                    _consumers[input] = _consumers.GetValueOrDefault(input) + 1;
                }

                if (OnnxGraph.ConstantValue(node) is { DataType: (int)DataType.Float } tensor && node.Output.Count == 1)
                {
                    _constants[node.Output[0]] = tensor;
                }

                foreach (var output in node.Output)
                {
                    _producers[output] = node;
                }
            }

            foreach (var input in graph.Input.Where(i => IsFloat(i.Name) && !_constants.ContainsKey(i.Name)))
            {
                _made[input.Name] = (false, input.Name);
            }
        }

        public void Run()
        {
            var head = OutputHead();
            foreach (var node in _graph.Node)
            {
                if (OnnxGraph.ConstantValue(node) is not null)
                {
                    _nodes.Add(node);
                    continue;
                }

                var half = PrecisionOf(node, head);
                if (half is { } h)
                {
                    for (var i = 0; i < node.Input.Count; i++)
                    {
                        if (IsFloat(node.Input[i]) && !KeepsOwnType(node, i))
                        {
                            node.Input[i] = As(node.Input[i], h);
                        }
                    }
                }

                _nodes.Add(node);
                for (var i = 0; i < node.Output.Count; i++)
                {
                    var output = node.Output[i];
                    if (!IsFloat(output))
                    {
                        continue;
                    }

                    var madeHalf = half ?? false;
                    if (madeHalf && _graphOutputs.Contains(output))
                    {
                        // A graph output stays FP32: the node makes an FP16 value that one Cast turns into the output.
                        node.Output[i] = _graphConstants.Fresh(output + "_fp16");
                        _nodes.Add(Cast(node.Output[i], output, toHalf: false));
                        _casts[(output, false)] = output;
                    }

                    _made[output] = (madeHalf, node.Output[i]);
                }
            }

            RemoveUnread();
            foreach (var info in _graph.ValueInfo.Where(v => _made.TryGetValue(v.Name, out var m) && m.Half && m.Name == v.Name && v.Type?.TensorType is not null))
            {
                info.Type.TensorType.ElemType = (int)DataType.Float16;
            }
        }

        private bool IsFloat(string name) => name.Length > 0 && _types.GetValueOrDefault(name) == DataType.Float;

        // true: FP16, false: FP32, null: the node's inputs stay as they come (no float computation of its own).
        private bool? PrecisionOf(NodeProto node, HashSet<NodeProto> head)
        {
            var floatInputs = node.Input.Where((name, i) => IsFloat(name) && !KeepsOwnType(node, i)).ToList();
            if (PrecisionBlind.Contains(node.OpType) || floatInputs.All(_constants.ContainsKey))
            {
                return null;
            }

            if (head.Contains(node) || Fp32Ops.Contains(node.OpType) || !OnnxGraph.IsDefaultDomain(node.Domain))
            {
                return false;
            }

            if (Fp16Ops.Contains(node.OpType))
            {
                return true;
            }

            if (node.OpType == "BatchNormalization")
            {
                // Folded into the convolution before it by ONNX Runtime when that convolution feeds nothing else.
                return _producers.TryGetValue(node.Input[0], out var conv) && conv.OpType is "Conv" or "ConvTranspose" && !head.Contains(conv)
                    && _consumers.GetValueOrDefault(node.Input[0]) == 1 && node.Input.Skip(1).All(_constants.ContainsKey);
            }

            return !floatInputs.Any(i => _made.TryGetValue(i, out var made) && !made.Half);
        }

        // The nodes between each graph output and the last convolution or matrix product before it, that one included.
        private HashSet<NodeProto> OutputHead()
        {
            var head = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<string>(_graph.Output.Select(o => o.Name));
            while (pending.TryPop(out var value))
            {
                if (_constants.ContainsKey(value) || !_producers.TryGetValue(value, out var node) || !head.Add(node) || Fp16Ops.Contains(node.OpType))
                {
                    continue;
                }

                foreach (var input in node.Input.Where(IsFloat))
                {
                    pending.Push(input);
                }
            }

            return head;
        }

        // The name under which value reads in the wanted precision: itself, its FP16 constant, or its one Cast.
        private string As(string value, bool half)
        {
            if (_constants.TryGetValue(value, out var constant))
            {
                return half ? HalfConstant(value, constant) : value;
            }

            if (!_made.TryGetValue(value, out var made))
            {
                return value;
            }

            if (made.Half == half)
            {
                return made.Name;
            }

            if (!_casts.TryGetValue((value, half), out var cast))
            {
                cast = _graphConstants.Fresh(value + (half ? "_fp16" : "_fp32"));
                _nodes.Add(Cast(made.Name, cast, half));
                _casts[(value, half)] = cast;
            }

            return cast;
        }

        private string HalfConstant(string name, TensorProto constant)
        {
            if (!_halfConstants.TryGetValue(name, out var halfName))
            {
                var values = OnnxGraph.Floats(constant);
                var halves = new Half[values.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    // Clamped to FP16's largest finite value rather than rounded to infinity.
                    halves[i] = float.IsNaN(values[i]) ? Half.NaN : (Half)Math.Clamp(values[i], -65504f, 65504f);
                }

                halfName = _graphConstants.AddFloat16(name + "_fp16", halves, [.. constant.Dims]);
                _halfConstants[name] = halfName;
            }

            return halfName;
        }

        private static NodeProto Cast(string input, string output, bool toHalf) =>
            OnnxGraph.Node("folio_cast_" + output, "Cast", [input], [output], OnnxGraph.IntAttribute("to", (long)(toHalf ? DataType.Float16 : DataType.Float)));

        // The node list replaced, then the constants no node reads any more (the FP32 originals of FP16 copies) dropped.
        private void RemoveUnread()
        {
            _graph.Node.Clear();
            _graph.Node.AddRange(_nodes);
            _graphConstants.RemoveUnread();
        }
    }
}
