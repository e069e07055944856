using Folio.Ocr.Runtime;

namespace Folio.Ocr.Tests;

/// <summary>The arithmetic of the INT8 rewrite, with numbers: weights, activations, biases, folded normalisations.</summary>
public class Int8QuantizationMathTests
{
    [Fact]
    public void PerChannel_ConvolutionWeights_EachChannelScaledByItsLargestMagnitude()
    {
        // Two output channels of three weights each, channel first ([M, C·kh·kw]).
        float[] weights = [1.27f, -0.6f, 0f, 0.5f, 0.2f, -0.1f];
        var q = QuantizationMath.PerChannel(weights, channels: 2);

        Assert.Equal(0.01f, q.Scales[0], 6);
        Assert.Equal(0.5f / 127, q.Scales[1], 6);
        // 0.2 / (0.5 / 127) = 50.8: 51; −0.1 / (0.5 / 127) = −25.4: −25.
        Assert.Equal([127, -60, 0, 127, 51, -25], q.Values.Select(v => (int)v));
        for (var i = 0; i < weights.Length; i++)
        {
            var scale = q.Scales[i / 3];
            Assert.InRange(Math.Abs((q.Values[i] * scale) - weights[i]), 0, (scale / 2) + 1e-7f);
        }
    }

    [Fact]
    public void PerChannel_MatMulWeights_ChannelsAreColumns()
    {
        // B of a MatMul, [K = 2, N = 3]: the output channels are the columns (axis 1), so outer = K.
        float[] weights = [1f, 1f, -3f, 0.25f, -4f, 1.2f];
        var q = QuantizationMath.PerChannel(weights, channels: 3, outer: 2);

        Assert.Equal([1f / 127, 4f / 127, 3f / 127], q.Scales);
        // Column 0: 1 → 127, 0.25 → 31.75: 32; column 1: 1 → 31.75: 32, −4 → −127; column 2: −3 → −127, 1.2 → 50.8: 51.
        Assert.Equal([127, 32, -127, 32, -127, 51], q.Values.Select(v => (int)v));
    }

    [Fact]
    public void PerChannel_AChannelOfZeros_GetsScaleOne()
    {
        var q = QuantizationMath.PerChannel([0f, 0f, 2f, -1.2f], channels: 2);
        Assert.Equal([1f, 2f / 127], q.Scales);
        Assert.Equal([0, 0, 127, -76], q.Values.Select(v => (int)v));
        Assert.Throws<ArgumentException>(() => QuantizationMath.PerChannel([1f, 2f, 3f], channels: 2));
    }

    [Theory]
    [InlineData(-1f, 3f, 4f / 255, 64)] // 1 / (4 / 255) = 63.75
    [InlineData(0f, 6f, 6f / 255, 0)]
    [InlineData(0.5f, 2f, 2f / 255, 0)] // widened to hold zero
    [InlineData(-3f, -1f, 3f / 255, 255)]
    [InlineData(-0.2f, 5.1f, 5.3f / 255, 10)] // 0.2 / (5.3 / 255) = 9.6
    public void Activation_SpreadsTheRangeOverUInt8_WithZeroExact(float min, float max, float scale, int zeroPoint)
    {
        var (s, z) = QuantizationMath.Activation(min, max);
        Assert.Equal(scale, s, 6);
        Assert.Equal(zeroPoint, z);
        // Zero is a representable value: (z − z) · s = 0; and both ends are within half a step.
        Assert.InRange(Math.Abs(((0 - z) * s) - Math.Min(min, 0)), 0, (s / 2) + 1e-6f);
        Assert.InRange(Math.Abs(((255 - z) * s) - Math.Max(max, 0)), 0, (s / 2) + 1e-6f);
    }

    [Fact]
    public void Activation_OfNothingButZero_IsScaleOne_AndARangeThatIsNotOneIsRefused()
    {
        Assert.Equal((1f, (byte)0), QuantizationMath.Activation(0f, 0f));
        Assert.Throws<ArgumentException>(() => QuantizationMath.Activation(1f, -1f));
        Assert.Throws<ArgumentException>(() => QuantizationMath.Activation(float.NaN, 1f));
    }

    [Fact]
    public void Bias_IsInt32_AtTheInputScaleTimesEachChannelsWeightScale()
    {
        var (values, scales) = QuantizationMath.Bias([0.3f, -0.02f], inputScale: 0.01f, weightScales: [0.5f, 0.002f]);
        Assert.Equal(0.005f, scales[0], 1e-9f);
        Assert.Equal(0.00002f, scales[1], 1e-11f);
        Assert.Equal([60, -1000], values);
    }

    [Fact]
    public void BatchNormFolding_ScalesWeightsAndShiftsBias()
    {
        // f = scale / √(var + ε): channel 0: 2 / √4 = 1; channel 1: 1 / √0.25 = 2.
        var (weights, bias) = BatchNormFolding.FoldValues(
            weights: [1f, 2f, 3f, 4f], bias: [0f, 1f], scale: [2f, 1f], shift: [0.5f, 0f], mean: [1f, 0f], variance: [4f, 0.25f], epsilon: 0f);
        Assert.Equal([1f, 2f, 6f, 8f], weights);
        Assert.Equal([-0.5f, 2f], bias); // (0 − 1)·1 + 0.5 and (1 − 0)·2 + 0
    }
}
