using Folio.Ocr.Recognition;
using Folio.Ocr.Runtime;
using Folio.Testing;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>
/// The recognizer's fixed-shape sessions replaying a CUDA graph through buffers bound once give what the plain session
/// gives, batch after batch, and the recognizer reads a page with them as it does without.
/// </summary>
public class CudaGraphTests(ITestOutputHelper output)
{
    private const int Batch = 16, Width = 1280;
    private static readonly string RecognizerModel = Path.Combine(RepoPaths.Models, ModelFiles.Recognizer);
    private static readonly string[] OutputNames = [TopKHead.ClassOutput, TopKHead.ProbabilityOutput];

    // The first run captures the graph, the later ones replay it: each must read the input written in place for it.
    [CudaFact]
    public void Replay_GivesThePlainSessionsOutputs_BatchAfterBatch()
    {
        var edit = TopKHead.Edit.Then(StaticInputShape.Edit([Batch, 3, Recognizer.InputHeight, Width]));
        var lines = SamplePage.Lines;
        var widest = SamplePage.LineBatch(Batch, Width);
        var others = ModelInputs.LineBatch(SamplePage.Page, [.. Enumerable.Range(Batch, Batch).Select(i => lines[i % lines.Count])], Width);
        foreach (var precision in new[] { ModelPrecision.Fp32, ModelPrecision.Mixed })
        {
            var factory = new SessionFactory(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cuda, Precision = precision });
            using var plain = factory.Create(RecognizerModel, edit, fixedShapes: true, mixedPrecisionAllowed: true);
            using var replayed = new BoundSession(factory.Create(RecognizerModel, edit, fixedShapes: true, mixedPrecisionAllowed: true, cudaGraph: true), OutputNames, factory.CudaDevice);
            var results = new List<long[]>();
            foreach (var input in new[] { widest, others, widest, others })
            {
                var (classes, probabilities) = RunPlain(plain, input);
                var (replayedClasses, replayedProbabilities) = replayed.Run(buffer => input.CopyTo(buffer), b => (b.Output<long>(0).ToArray(), b.Output<float>(1).ToArray()));
                output.WriteLine($"{precision}: {OutputDifference.OfTopK(classes, probabilities, replayedClasses, replayedProbabilities)}");
                Assert.Equal(classes, replayedClasses);
                Assert.Equal(probabilities, replayedProbabilities);
                results.Add(replayedClasses);
            }

            Assert.NotEqual(results[0], results[1]);
        }
    }

    [CudaFact]
    public void Recognizer_WithCudaGraphs_ReadsTheSamplePageAsWithout()
    {
        var factory = new SessionFactory(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cuda });
        var dictionary = Path.Combine(RepoPaths.Models, ModelFiles.Dictionary);
        using var plain = new Recognizer(factory, RecognizerModel, dictionary, Batch);
        using var replayed = new Recognizer(factory, RecognizerModel, dictionary, Batch, cudaGraphs: true);
        var quads = SamplePage.Lines;
        var expected = plain.Recognize(SamplePage.Page, quads);
        var actual = replayed.Recognize(SamplePage.Page, quads);
        output.WriteLine($"{quads.Count} lines: {string.Join(" | ", actual.Take(5).Select(l => l.Text))}");
        Assert.Equal(expected.Select(l => l.Text), actual.Select(l => l.Text));
        Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Confidence, pair.Second.Confidence, 4));
    }

    private static (long[] Classes, float[] Probabilities) RunPlain(InferenceSession session, float[] input)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [Batch, 3, Recognizer.InputHeight, Width]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], OutputNames);
        return (results[0].GetTensorDataAsSpan<long>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }
}
