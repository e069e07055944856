using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Folds the constant scale-and-shift steps around the convolutions into the convolutions' weights and biases.
/// PP-LCNetV3, the backbone of both PP-OCRv4 models, follows every convolution with a learnable affine step (a Mul
/// and an Add by one constant each) and every hard-swish with another; exported, each is two elementwise passes over
/// the whole activation map, which ONNX Runtime does not fuse and which cost a CPU about as much as the convolutions'
/// own work (bench/README.md, "Scale and shift folded into the convolutions").
/// </summary>
/// <remarks>
/// Two folds, both exact up to float rounding:
/// <list type="bullet">
/// <item>After a convolution, <c>Conv(x)·s + b</c> (s and b one value or one per output channel) is a convolution
/// with weights W·s and bias B·s + b.</item>
/// <item>Before a convolution, <c>Conv(h·s)</c> (s one value) is a convolution of h with weights W·s, padded or not
/// (padded zeros scale to zeros); before one without padding, <c>Conv(h + b)</c> (b one value) is a convolution of h
/// with bias B + b·ΣW per output channel. With padding the border would differ (the padded zeros would no longer pass
/// through the shift), so there <c>Conv(h·s + b)</c> becomes a convolution with weights W·s of <c>h + b/s</c>, one Add
/// instead of a Mul and an Add.</item>
/// </list>
/// A step after a convolution is folded only when the convolution's output is read by it alone; a step before one
/// only when its output is read by the convolution alone; neither output may be a graph output. The constant must be a
/// float of one value (or one per channel after a convolution) that does not raise the map's rank. A graph with
/// subgraphs is left as it is.
/// For the CPU, <see cref="ShiftNormalization"/> then rewrites the shifts left into a form ONNX Runtime keeps in its
/// blocked layout.
/// </remarks>
internal static class ScaleShiftFolding
{
    /// <summary>Folds every foldable step of <paramref name="model"/> in place; returns how many Mul and Add nodes went.</summary>
    public static int Fold(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new InvalidDataException("Not an ONNX model: no graph.");
        if (OnnxGraph.HasSubgraphs(graph))
        {
            return 0; // values read inside a subgraph are not seen by the reader counts
        }

        var constants = new GraphConstants(graph);
        var folded = 0;
        while (FoldOne(graph, constants))
        {
            folded++;
        }

        if (folded > 0)
        {
            constants.RemoveUnread();
        }

        return folded;
    }

    // One fold per call, on maps rebuilt each time: a model has a few hundred nodes and under a hundred steps to fold.
    private static bool FoldOne(GraphProto graph, GraphConstants constants)
    {
        var graphReaders = new GraphReaders(graph);
        foreach (var conv in graph.Node.Where(n => n.OpType == "Conv" && OnnxGraph.IsDefaultDomain(n.Domain) && n.Output.Count == 1))
        {
            if (constants.Float(conv.Input[1]) is not { Dims.Count: >= 3 } weights
                || (conv.Input.Count > 2 && conv.Input[2].Length > 0 && constants.Float(conv.Input[2]) is null))
            {
                continue;
            }

            var outputs = (int)weights.Dims[0];
            if (graphReaders.SoleReader(conv.Output[0]) is { } after && Step(after, conv.Output[0], constants) is { } step
                && step.Rank <= weights.Dims.Count && (step.Values.Length == 1 || (step.Values.Length == outputs && weights.Dims.Count == 4)))
            {
                Refit(conv, constants, weights, (w, bias) => step.Scale ? FoldScaleAfter(w, bias, step.Values) : (w, FoldShiftAfter(bias, step.Values)));
                conv.Output[0] = after.Output[0];
                graph.Node.Remove(after);
                return true;
            }

            if (graphReaders.Producer(conv.Input[0]) is not { } before || graphReaders.SoleReader(conv.Input[0]) != conv)
            {
                continue;
            }

            var input = before.Input.FirstOrDefault(i => !constants.IsConstant(i));
            if (input is not null && Step(before, input, constants) is { Values: [var value], Rank: <= 1 } beforeStep && (beforeStep.Scale || Unpadded(conv)))
            {
                Refit(conv, constants, weights, (w, bias) => beforeStep.Scale ? FoldScaleBefore(w, bias, value) : (w, FoldShiftBefore(w, bias, value)));
                conv.Input[0] = input;
                graph.Node.Remove(before);
                return true;
            }

            if (!Unpadded(conv) && ScaleUnderShift(before, graphReaders, constants) is { } scaled)
            {
                Refit(conv, constants, weights, (w, bias) => FoldScaleBefore(w, bias, scaled.Scale));
                var shift = before.Input.IndexOf(scaled.Mul.Output[0]) == 0 ? 1 : 0;
                before.Input[1 - shift] = scaled.Input;
                before.Input[shift] = constants.AddFloats(before.Input[shift] + "_unscaled", [scaled.Shift / scaled.Scale], 1);
                graph.Node.Remove(scaled.Mul);
                return true;
            }
        }

        return false;
    }

    // b/s stays within FP16's range, for the Add that mixed precision runs in FP16 (this also refuses s = 0).
    private const float MaxUnscaledShift = 65504f;

    /// <summary>
    /// <c>Add(Mul(h, s), b)</c> with s and b one value each, s not zero, the Mul read by the Add alone: h, s, b and the
    /// Mul. Before a padded convolution it becomes <c>Add(h, b/s)</c> and the convolution's weights W·s, since the padded
    /// zeros scale to zeros.
    /// </summary>
    private static (string Input, float Scale, float Shift, NodeProto Mul)? ScaleUnderShift(NodeProto add, GraphReaders graphReaders, GraphConstants constants)
    {
        if (add.OpType != "Add" || add.Input.Count != 2 || add.Input.FirstOrDefault(i => !constants.IsConstant(i)) is not { } scaled
            || graphReaders.Producer(scaled) is not { } mul || graphReaders.SoleReader(scaled) != add
            || Step(add, scaled, constants) is not { Values: [var shift], Rank: <= 1 }
            || mul.Input.FirstOrDefault(i => !constants.IsConstant(i)) is not { } h || Step(mul, h, constants) is not { Scale: true, Values: [var scale], Rank: <= 1 }
            || !float.IsFinite(shift / scale) || Math.Abs(shift / scale) >= MaxUnscaledShift)
        {
            return null;
        }

        return (h, scale, shift, mul);
    }

    /// <summary>A Mul or Add of <paramref name="value"/> by a float constant: whether it scales, the constant's values and its rank.</summary>
    internal static (bool Scale, float[] Values, int Rank)? Step(NodeProto node, string value, GraphConstants constants)
    {
        if (!OnnxGraph.IsDefaultDomain(node.Domain) || node.OpType is not ("Mul" or "Add") || node.Input.Count != 2 || node.Output.Count != 1)
        {
            return null;
        }

        var other = node.Input[0] == value ? node.Input[1] : node.Input[1] == value ? node.Input[0] : null;
        if (other is null || other == value || constants.Float(other) is not { } constant || !PerChannelShape(constant))
        {
            return null;
        }

        return (node.OpType == "Mul", OnnxGraph.Floats(constant), constant.Dims.Count);
    }

    // One value, or one per channel laid out as [C, 1, 1] or [1, C, 1, 1] against an NCHW map.
    private static bool PerChannelShape(TensorProto constant)
    {
        var dims = constant.Dims;
        var total = dims.Aggregate(1L, (a, b) => a * b);
        return total == 1
            || (dims.Count == 3 && dims[1] == 1 && dims[2] == 1)
            || (dims.Count == 4 && dims[0] == 1 && dims[2] == 1 && dims[3] == 1);
    }

    private static bool Unpadded(NodeProto conv)
    {
        var autoPad = OnnxGraph.Attribute(conv, "auto_pad")?.S.ToStringUtf8();
        var pads = OnnxGraph.Attribute(conv, "pads")?.Ints;
        return autoPad is null or "" or "NOTSET" or "VALID" && (autoPad == "VALID" || pads is null || pads.All(p => p == 0));
    }

    private static float[] Bias(NodeProto conv, GraphConstants constants, int outputs) =>
        conv.Input.Count > 2 && conv.Input[2].Length > 0 ? OnnxGraph.Floats(constants.Float(conv.Input[2])!) : new float[outputs];

    // The convolution's weights and bias as fold makes them from the present ones, as new initializers (the old ones may
    // be shared with another convolution).
    private static void Refit(NodeProto conv, GraphConstants constants, TensorProto weights, Func<float[], float[], (float[] Weights, float[] Bias)> fold)
    {
        var (newWeights, newBias) = fold(OnnxGraph.Floats(weights), Bias(conv, constants, (int)weights.Dims[0]));
        var name = conv.Name.Length > 0 ? conv.Name : conv.Output[0];
        conv.Input[1] = constants.AddFloats(conv.Input[1] + "_folded", newWeights, [.. weights.Dims]);
        var bias = constants.AddFloats(name + "_folded_bias", newBias, newBias.Length);
        if (conv.Input.Count > 2)
        {
            conv.Input[2] = bias;
        }
        else
        {
            conv.Input.Add(bias);
        }
    }

    /// <summary>Conv(x)·s: weights and bias of each output channel times its scale (one value for all, or one each).</summary>
    internal static (float[] Weights, float[] Bias) FoldScaleAfter(float[] weights, float[] bias, float[] scale)
    {
        var perChannel = weights.Length / bias.Length;
        var w = new float[weights.Length];
        var b = new float[bias.Length];
        for (var o = 0; o < bias.Length; o++)
        {
            var s = scale.Length == 1 ? scale[0] : scale[o];
            b[o] = bias[o] * s;
            for (var i = o * perChannel; i < (o + 1) * perChannel; i++)
            {
                w[i] = weights[i] * s;
            }
        }

        return (w, b);
    }

    /// <summary>Conv(x) + b: the bias plus the shift (one value for all, or one each).</summary>
    internal static float[] FoldShiftAfter(float[] bias, float[] shift) =>
        [.. bias.Select((b, o) => b + (shift.Length == 1 ? shift[0] : shift[o]))];

    /// <summary>Conv(h·s), padded or not: the weights times s, the bias as it was.</summary>
    internal static (float[] Weights, float[] Bias) FoldScaleBefore(float[] weights, float[] bias, float scale) =>
        ([.. weights.Select(w => w * scale)], bias);

    /// <summary>Conv(h + b) for an unpadded convolution: the bias of each output channel plus b times the sum of its weights.</summary>
    internal static float[] FoldShiftBefore(float[] weights, float[] bias, float shift)
    {
        var perChannel = weights.Length / bias.Length;
        var b = new float[bias.Length];
        for (var o = 0; o < bias.Length; o++)
        {
            double sum = 0;
            for (var i = o * perChannel; i < (o + 1) * perChannel; i++)
            {
                sum += weights[i];
            }

            b[o] = (float)(bias[o] + (shift * sum));
        }

        return b;
    }
}
