using System.Diagnostics;
using Folio.Ocr.Runtime;
using Folio.Testing;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>The fused models compute what the originals compute on real inputs, with fewer nodes.</summary>
public class HardSwishFusionTests(ITestOutputHelper output)
{
    [ModelsTheory]
    [InlineData(ModelFiles.Recognizer)]
    [InlineData(ModelFiles.Detector)]
    public void FusedModel_GivesTheSameOutputs(string file)
    {
        var original = File.ReadAllBytes(Path.Combine(RepoPaths.Models, file));
        var model = OnnxGraph.Parse(original);
        var nodesBefore = model.Graph.Node.Count;
        var count = HardSwishFusion.Fuse(model);
        var fused = model.ToByteArray();
        output.WriteLine($"{file}: {count} hard-swish patterns fused, {nodesBefore} → {model.Graph.Node.Count} nodes, {original.Length} → {fused.Length} bytes");
        Assert.True(count > 0, "no hard-swish pattern found");
        Assert.Equal(nodesBefore - count * 2, model.Graph.Node.Count); // four nodes become two (HardSigmoid + Mul at opset < 14)
        Assert.Equal(0, HardSwishFusion.Fuse(OnnxGraph.Parse(fused))); // nothing left to fuse

        // Real inputs: two lines of the sample scan for the recognizer, the page itself for the detector.
        var (input, shape) = file == ModelFiles.Recognizer
            ? (SamplePage.LineBatch(2, 960), new long[] { 2, 3, 48, 960 })
            : ModelInputs.Page(SamplePage.Page, 640);
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var before = new InferenceSession(original, options);
        using var after = new InferenceSession(fused, options);
        float[] Run(InferenceSession session)
        {
            using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], [session.OutputNames[0]]);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }

        var expected = Run(before);
        var actual = Run(after);
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"largest difference {worst:E2}");
        Assert.True(worst < 1e-4, $"outputs differ by up to {worst}");

        // Interleaved, best of three: the machine may be busy with other work.
        double slow = double.MaxValue, fast = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Run(before);
            slow = Math.Min(slow, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            Run(after);
            fast = Math.Min(fast, clock.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"one run, 1 thread, best of 3: {slow:F1} ms before, {fast:F1} ms after");
    }
}
