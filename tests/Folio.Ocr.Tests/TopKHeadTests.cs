using Folio.Ocr.Runtime;
using Folio.Testing;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Ocr.Tests;

/// <summary>The recognizer with the top-k head appended returns the k likeliest classes of the full output, best first.</summary>
public class TopKHeadTests
{
    [ModelsFact]
    public void AppendedHead_GivesTheTopClassesAndTheirProbabilities_BestFirst()
    {
        var original = File.ReadAllBytes(Path.Combine(RepoPaths.Models, ModelFiles.Recognizer));
        var model = OnnxGraph.Parse(original);
        TopKHead.Append(model);
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var before = new InferenceSession(original, options);
        using var after = new InferenceSession(model.ToByteArray(), options);
        Assert.Equal([TopKHead.ClassOutput, TopKHead.ProbabilityOutput], after.OutputNames);

        // Two real text lines of the sample scan, so that the steps hold characters and blanks.
        const int Batch = 2, Width = 1280;
        var input = SamplePage.LineBatch(Batch, Width);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [Batch, 3, 48, Width]);
        using var runOptions = new RunOptions();
        using var full = before.Run(runOptions, [before.InputNames[0]], [tensor], [before.OutputNames[0]]);
        using var best = after.Run(runOptions, [after.InputNames[0]], [tensor], after.OutputNames);
        var shape = full[0].GetTensorTypeAndShape().Shape;
        int steps = (int)shape[1], classes = (int)shape[2];
        const int K = TopKHead.K;
        Assert.Equal([Batch, steps, K], best[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([Batch, steps, K], best[1].GetTensorTypeAndShape().Shape);

        var probabilities = full[0].GetTensorDataAsSpan<float>();
        var indices = best[0].GetTensorDataAsSpan<long>();
        var maxima = best[1].GetTensorDataAsSpan<float>();
        var distinct = new HashSet<long>();
        for (var row = 0; row < Batch * steps; row++)
        {
            var slice = probabilities.Slice(row * classes, classes);
            var values = slice.ToArray();
            var expected = Enumerable.Range(0, classes).OrderByDescending(c => values[c]).Take(K).ToArray();
            for (var m = 0; m < K; m++)
            {
                // Ties may order either index first; the probabilities must match rank by rank.
                Assert.Equal(slice[expected[m]], maxima[(row * K) + m], 5);
                Assert.Equal(slice[expected[m]], slice[(int)indices[(row * K) + m]], 5);
            }

            var best0 = indices[row * K];
            distinct.Add(best0);
        }

        Assert.True(distinct.Count > 5, $"{distinct.Count} distinct classes: the input did not exercise the head");
    }

    [Fact]
    public void NotAModel_IsRefusedClearly()
    {
        Assert.Throws<InvalidDataException>(() => OnnxGraph.Parse([0x0f, 0xff]));
        Assert.Throws<InvalidDataException>(() => TopKHead.Append(new Onnx.ModelProto()));
        var twoOutputs = new Onnx.ModelProto { Graph = new Onnx.GraphProto() };
        twoOutputs.Graph.Output.Add(new Onnx.ValueInfoProto { Name = "a" });
        twoOutputs.Graph.Output.Add(new Onnx.ValueInfoProto { Name = "b" });
        Assert.Throws<InvalidDataException>(() => TopKHead.Append(twoOutputs));
    }
}
