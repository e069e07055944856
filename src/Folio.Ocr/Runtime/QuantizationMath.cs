namespace Folio.Ocr.Runtime;

/// <summary>Quantized weights of one tensor: int8 values and one scale per output channel (zero point 0).</summary>
/// <param name="Values">The weights divided by their channel's scale, rounded, in the tensor's order.</param>
/// <param name="Scales">Per output channel: the largest weight magnitude of the channel over 127.</param>
public sealed record ChannelWeights(sbyte[] Values, float[] Scales);

/// <summary>
/// The arithmetic of INT8 quantization (ONNX QuantizeLinear: q = saturate(round(x / scale) + zero point), rounding
/// half to even): symmetric int8 weights per output channel, asymmetric uint8 activations per tensor, int32 biases.
/// </summary>
public static class QuantizationMath
{
    /// <summary>
    /// Quantizes <paramref name="weights"/> laid out as [outer, channels, inner], each channel to [-127, 127] by its
    /// own scale, max |w| / 127; a channel of zeros gets scale 1.
    /// </summary>
    /// <param name="weights">The float weights.</param>
    /// <param name="channels">Length of the channel axis.</param>
    /// <param name="outer">Product of the dimensions before the channel axis (1 for a convolution's [M, C, kh, kw]).</param>
    /// <exception cref="ArgumentException">The length is not <paramref name="outer"/> × <paramref name="channels"/> × something.</exception>
    public static ChannelWeights PerChannel(ReadOnlySpan<float> weights, int channels, int outer = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outer);
        if (weights.Length == 0 || weights.Length % (channels * outer) != 0)
        {
            throw new ArgumentException($"{weights.Length} weights do not split into {outer} × {channels} channels.", nameof(weights));
        }

        var inner = weights.Length / (channels * outer);
        var largest = new float[channels];
        for (var i = 0; i < weights.Length; i++)
        {
            var channel = i / inner % channels;
            largest[channel] = Math.Max(largest[channel], Math.Abs(weights[i]));
        }

        var scales = largest.Select(m => m > 0 ? m / 127f : 1f).ToArray();
        var values = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            values[i] = (sbyte)Math.Clamp(MathF.Round(weights[i] / scales[i / inner % channels], MidpointRounding.ToEven), -127, 127);
        }

        return new ChannelWeights(values, scales);
    }

    /// <summary>
    /// The uint8 scale and zero point of an activation observed in [<paramref name="min"/>, <paramref name="max"/>]:
    /// the range is widened to hold 0 (so that zero, e.g. padding, is exact), then spread over 0–255.
    /// </summary>
    /// <exception cref="ArgumentException">A bound is not finite, or min is above max.</exception>
    public static (float Scale, byte ZeroPoint) Activation(float min, float max)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || min > max)
        {
            throw new ArgumentException($"Not a range: [{min}, {max}].", nameof(min));
        }

        var low = Math.Min(min, 0f);
        var high = Math.Max(max, 0f);
        if (high - low < 1e-12f)
        {
            return (1f, 0);
        }

        var scale = (high - low) / 255f;
        return (scale, (byte)Math.Clamp(MathF.Round(-low / scale, MidpointRounding.ToEven), 0, 255));
    }

    /// <summary>
    /// A bias in int32 at the scale its convolution or matrix product accumulates in: the input's scale times each
    /// output channel's weight scale (zero point 0).
    /// </summary>
    /// <returns>The quantized bias and its per-channel scales.</returns>
    /// <exception cref="ArgumentException">The bias and the weight scales differ in length.</exception>
    public static (int[] Values, float[] Scales) Bias(ReadOnlySpan<float> bias, float inputScale, IReadOnlyList<float> weightScales)
    {
        ArgumentNullException.ThrowIfNull(weightScales);
        if (bias.Length != weightScales.Count)
        {
            throw new ArgumentException($"{bias.Length} biases for {weightScales.Count} channels.", nameof(bias));
        }

        var scales = weightScales.Select(w => inputScale * w).ToArray();
        var values = new int[bias.Length];
        for (var i = 0; i < bias.Length; i++)
        {
            values[i] = (int)Math.Clamp(Math.Round((double)bias[i] / scales[i], MidpointRounding.ToEven), int.MinValue + 1, int.MaxValue);
        }

        return (values, scales);
    }
}
