using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Folds each inference-mode BatchNormalization into the convolution before it: with f = scale / √(var + ε) per
/// output channel, the convolution's weights become W·f and its bias (b − mean)·f + B, and the convolution makes the
/// normalisation's output itself. ONNX Runtime does the same at load on FP32 models; a quantized model needs it done
/// first, so that the folded weights are the ones quantized and the convolution's output is the one calibrated.
/// </summary>
/// <remarks>
/// A normalisation is folded only when the convolution's output feeds nothing else, its weights, bias and the
/// normalisation's four parameters are constants, and it has one output.
/// </remarks>
internal static class BatchNormFolding
{
    /// <summary>Folds every foldable pair of <paramref name="model"/> in place; returns how many were.</summary>
    public static int Fold(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new InvalidDataException("Not an ONNX model: no graph.");
        var constants = new GraphConstants(graph);
        var graphReaders = new GraphReaders(graph);
        var folded = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var norm in graph.Node.Where(n => n.OpType == "BatchNormalization" && OnnxGraph.IsDefaultDomain(n.Domain) && n.Input.Count == 5 && n.Output.Count == 1))
        {
            if (graphReaders.Producer(norm.Input[0]) is not { OpType: "Conv" } conv || !OnnxGraph.IsDefaultDomain(conv.Domain)
                || graphReaders.SoleReader(norm.Input[0]) != norm
                || constants.Float(conv.Input[1]) is not { } weights
                || (conv.Input.Count > 2 && conv.Input[2].Length > 0 && constants.Float(conv.Input[2]) is null)
                || norm.Input.Skip(1).Any(p => constants.Float(p) is null))
            {
                continue;
            }

            var w = OnnxGraph.Floats(weights);
            var channels = (int)weights.Dims[0];
            var bias = conv.Input.Count > 2 && conv.Input[2].Length > 0 ? OnnxGraph.Floats(constants.Float(conv.Input[2])!) : new float[channels];
            var (scale, shift, mean, variance) = (Floats(constants, norm, 1), Floats(constants, norm, 2), Floats(constants, norm, 3), Floats(constants, norm, 4));
            var epsilon = OnnxGraph.Attribute(norm, "epsilon")?.F ?? 1e-5f;
            var (foldedWeights, foldedBias) = FoldValues(w, bias, scale, shift, mean, variance, epsilon);
            var newWeights = constants.AddFloats(conv.Input[1] + "_bn_folded", foldedWeights, [.. weights.Dims]);
            var newBias = constants.AddFloats((conv.Name.Length > 0 ? conv.Name : conv.Output[0]) + "_bn_folded_bias", foldedBias, channels);
            conv.Input[1] = newWeights;
            if (conv.Input.Count > 2)
            {
                conv.Input[2] = newBias;
            }
            else
            {
                conv.Input.Add(newBias);
            }

            conv.Output[0] = norm.Output[0];
            folded.Add(norm);
        }

        if (folded.Count > 0)
        {
            var nodes = graph.Node.Where(n => !folded.Contains(n)).ToList();
            graph.Node.Clear();
            graph.Node.AddRange(nodes);
            constants.RemoveUnread();
        }

        return folded.Count;
    }

    /// <summary>The folded weights ([channels, …], channel first) and bias of a convolution followed by a normalisation.</summary>
    internal static (float[] Weights, float[] Bias) FoldValues(float[] weights, float[] bias, float[] scale, float[] shift, float[] mean, float[] variance, float epsilon)
    {
        var channels = bias.Length;
        var perChannel = weights.Length / channels;
        var foldedWeights = new float[weights.Length];
        var foldedBias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var f = scale[c] / MathF.Sqrt(variance[c] + epsilon);
            for (var i = c * perChannel; i < (c + 1) * perChannel; i++)
            {
                foldedWeights[i] = weights[i] * f;
            }

            foldedBias[c] = ((bias[c] - mean[c]) * f) + shift[c];
        }

        return (foldedWeights, foldedBias);
    }

    private static float[] Floats(GraphConstants constants, NodeProto norm, int input) => OnnxGraph.Floats(constants.Float(norm.Input[input])!);
}
