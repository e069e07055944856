using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Rewrites the hard-swish that the PaddleOCR exports spell out as four elementwise nodes,
/// <c>Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6)</c>, into one <c>HardSwish</c> node (opset ≥ 14) or
/// <c>Mul(x, HardSigmoid(x; 1/6, 0.5))</c>. ONNX Runtime does not fuse that pattern itself, and on a CPU the four
/// passes over every activation map cost about as much as the convolutions around them.
/// </summary>
/// <remarks>
/// Only the main graph is rewritten; a pattern whose intermediate values are used elsewhere is left alone. The
/// constants the pattern read stay in the graph (ONNX Runtime drops them when nothing else reads them).
/// </remarks>
public static class HardSwishFusion
{
    /// <summary>Fuses every hard-swish pattern of <paramref name="model"/> in place; returns how many were.</summary>
    public static int Fuse(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph;
        if (graph is null)
        {
            return 0;
        }

        var hasHardSwish = OnnxGraph.DefaultOpset(model) >= 14;
        var constants = ScalarConstants(graph);
        var graphReaders = new GraphReaders(graph);
        bool Is(string name, float value) => constants.TryGetValue(name, out var c) && Math.Abs(c - value) < 1e-6f;
        NodeProto? SoleProducer(string name, string opType) =>
            graphReaders.Producer(name) is { } node && node.OpType == opType && OnnxGraph.IsDefaultDomain(node.Domain) && graphReaders.SoleReader(name) is not null ? node : null;

        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<NodeProto, NodeProto[]>(ReferenceEqualityComparer.Instance);
        foreach (var div in graph.Node.Where(n => n.OpType == "Div" && OnnxGraph.IsDefaultDomain(n.Domain) && n.Input.Count == 2 && n.Output.Count == 1 && Is(n.Input[1], 6)))
        {
            if (SoleProducer(div.Input[0], "Mul") is not { Input.Count: 2 } mul)
            {
                continue;
            }

            foreach (var (clipInput, x) in new[] { (mul.Input[0], mul.Input[1]), (mul.Input[1], mul.Input[0]) })
            {
                if (SoleProducer(clipInput, "Clip") is not { } clip || !ClipsToZeroSix(clip, Is)
                    || SoleProducer(clip.Input[0], "Add") is not { Input.Count: 2 } add
                    || !((add.Input[0] == x && Is(add.Input[1], 3)) || (add.Input[1] == x && Is(add.Input[0], 3)))
                    || removed.Contains(add) || removed.Contains(clip))
                {
                    continue;
                }

                removed.UnionWith([add, clip, mul]);
                var name = div.Name.Length > 0 ? div.Name : div.Output[0];
                replaced[div] = hasHardSwish
                    ? [OnnxGraph.Node(name + "_hardswish", "HardSwish", [x], [div.Output[0]])]
                    : [
                        OnnxGraph.Node(name + "_hardsigmoid", "HardSigmoid", [x], [name + "_hardsigmoid_out"], OnnxGraph.FloatAttribute("alpha", 1f / 6), OnnxGraph.FloatAttribute("beta", 0.5f)),
                        OnnxGraph.Node(name + "_mul", "Mul", [x, name + "_hardsigmoid_out"], [div.Output[0]]),
                    ];
                break;
            }
        }

        if (replaced.Count > 0)
        {
            var nodes = graph.Node.SelectMany(n => replaced.TryGetValue(n, out var with) ? with : removed.Contains(n) ? [] : [n]).ToList();
            graph.Node.Clear();
            graph.Node.AddRange(nodes);
        }

        return replaced.Count;
    }

    // Float scalars of the graph: initializers and Constant nodes.
    private static Dictionary<string, float> ScalarConstants(GraphProto graph)
    {
        var constants = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer)
        {
            if (OnnxGraph.Scalar(initializer) is { } value)
            {
                constants[initializer.Name] = value;
            }
        }

        foreach (var node in graph.Node.Where(n => n.Output.Count == 1))
        {
            if (OnnxGraph.ConstantValue(node) is { } tensor && OnnxGraph.Scalar(tensor) is { } value)
            {
                constants[node.Output[0]] = value;
            }
        }

        return constants;
    }

    // Clip(a, 0, 6): bounds as inputs (opset ≥ 11) or as attributes (older exports).
    private static bool ClipsToZeroSix(NodeProto clip, Func<string, float, bool> isConstant) =>
        clip.Input.Count == 3
            ? isConstant(clip.Input[1], 0) && isConstant(clip.Input[2], 6)
            : OnnxGraph.Attribute(clip, "min")?.F == 0f && OnnxGraph.Attribute(clip, "max")?.F == 6f;
}
