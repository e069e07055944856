using System.Diagnostics;
using Folio.Ocr.Runtime;
using Folio.Testing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>The fused models compute what the originals compute, with fewer nodes.</summary>
public class HardSwishFusionTests(ITestOutputHelper output)
{
    [ModelsTheory]
    [InlineData("ch_PP-OCRv4_rec_infer.onnx", 48, 320)]
    [InlineData("ch_PP-OCRv4_det_infer.onnx", 320, 320)]
    public void FusedModel_GivesTheSameOutputs(string file, int height, int width)
    {
        var original = File.ReadAllBytes(Path.Combine(RepoPaths.Models, file));
        var fused = HardSwishFusion.Fuse(original, out var count);
        output.WriteLine($"{file}: {count} hard-swish patterns fused, {original.Length} → {fused.Length} bytes");
        Assert.True(count > 0, "no hard-swish pattern found");
        HardSwishFusion.Fuse(fused, out var again);
        Assert.Equal(0, again); // nothing left to fuse

        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var before = new InferenceSession(original, options);
        using var after = new InferenceSession(fused, options);
        var random = new Random(7);
        var input = new DenseTensor<float>([1, 3, height, width]);
        for (var i = 0; i < input.Length; i++)
        {
            input.SetValue(i, (float)((random.NextDouble() * 2) - 1));
        }

        var name = before.InputMetadata.Keys.Single();
        float[] Run(InferenceSession session)
        {
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, input)]);
            return results[0].AsEnumerable<float>().ToArray();
        }

        var expected = Run(before);
        var actual = Run(after);
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"largest difference {worst:E2}");
        Assert.True(worst < 1e-3, $"outputs differ by up to {worst}");

        // Interleaved, best of ten: the machine may be busy with other work.
        double slow = double.MaxValue, fast = double.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            Run(before);
            slow = Math.Min(slow, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            Run(after);
            fast = Math.Min(fast, clock.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"one run, 1 thread, best of 10: {slow:F1} ms before, {fast:F1} ms after");
    }
}
