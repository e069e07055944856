using Folio.Ocr.Runtime;
using Folio.Testing;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit.Abstractions;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Folio.Ocr.Tests;

/// <summary>The mixed-precision rewrite makes a well-formed graph, the same every time, that computes what the FP32 one does.</summary>
public class MixedPrecisionTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models => [ModelFiles.Recognizer, ModelFiles.Detector, ModelFiles.Classifier];

    [ModelsTheory]
    [MemberData(nameof(Models))]
    public void RewrittenGraph_IsWellFormed(string file)
    {
        var original = Prepared(file);
        var mixed = original.Clone();
        MixedPrecision.Apply(mixed);
        var graph = mixed.Graph;
        var types = ElementTypes.Infer(graph);
        var ops = graph.Node.GroupBy(n => n.OpType).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"{file}: {original.Graph.Node.Count} → {graph.Node.Count} nodes: {string.Join(", ", ops)}");
        output.WriteLine($"FP16 initializers {graph.Initializer.Count(i => i.DataType == (int)DataType.Float16)}, {original.ToByteArray().Length} → {mixed.ToByteArray().Length} bytes");

        // Inputs and outputs as before: FP32 (and the int64 classes of the top-k head).
        Assert.Equal(original.Graph.Input, graph.Input);
        Assert.Equal(original.Graph.Output, graph.Output);
        Assert.All(graph.Output, o => Assert.NotEqual(DataType.Float16, types[o.Name]));

        // No node reads FP32 and FP16 at once (Resize's scales keep their own type by definition).
        foreach (var node in graph.Node.Where(n => n.OpType != "Cast"))
        {
            var floats = node.Input.Where((name, i) => !MixedPrecision.KeepsOwnType(node, i) && types.GetValueOrDefault(name) is DataType.Float or DataType.Float16).Select(name => types[name]).Distinct().ToList();
            Assert.True(floats.Count <= 1, $"{node.OpType} {node.Name} reads {string.Join(" and ", floats)}");
        }

        // Convolutions and matrix products compute in FP16 outside the output head; the kept operators in FP32.
        var heavy = graph.Node.Where(n => MixedPrecision.Fp16Ops.Contains(n.OpType)).ToList();
        Assert.True(heavy.Count(n => types[n.Input[0]] == DataType.Float16) >= heavy.Count - 1, "a convolution or matrix product outside the head runs in FP32");
        Assert.All(graph.Node.Where(n => MixedPrecision.Fp32Ops.Contains(n.OpType)), n => Assert.Equal(DataType.Float, types[n.Input[0]]));

        // One Cast per value and precision, and never a Cast of a Cast.
        var casts = graph.Node.Where(n => n.OpType == "Cast" && n.Name.StartsWith("folio_cast_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(casts);
        Assert.Equal(casts.Count, casts.Select(c => (c.Input[0], OnnxGraph.Attribute(c, "to")!.I)).Distinct().Count());
        var castOutputs = casts.SelectMany(c => c.Output).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(casts, c => castOutputs.Contains(c.Input[0]));

        // Shape computations untouched: every node that neither reads nor makes a float tensor is as it was.
        var originalTypes = ElementTypes.Infer(original.Graph);
        var integerNodes = original.Graph.Node.Where(n => OnnxGraph.ConstantValue(n) is null && n.Input.Concat(n.Output).All(v => originalTypes.GetValueOrDefault(v) != DataType.Float)).ToList();
        output.WriteLine($"{integerNodes.Count} integer nodes (shape computations)");
        Assert.All(integerNodes, n => Assert.Contains(n, graph.Node));

        // Nodes in topological order: every input is made before it is read.
        var made = new HashSet<string>(graph.Input.Select(i => i.Name).Concat(graph.Initializer.Select(i => i.Name)), StringComparer.Ordinal) { string.Empty };
        foreach (var node in graph.Node)
        {
            Assert.All(node.Input, input => Assert.Contains(input, made));
            made.UnionWith(node.Output);
        }

        // The same model every time, and it survives serialisation.
        var again = Prepared(file);
        MixedPrecision.Apply(again);
        Assert.Equal(mixed.ToByteArray(), again.ToByteArray());
        Assert.Equal(mixed, OnnxGraph.Parse(mixed.ToByteArray()));
    }

    // On CPU ONNX Runtime computes the FP16 nodes in FP32 behind casts of its own: the outputs show the weights' and
    // the boundaries' rounding, not FP16 arithmetic (MixedPrecisionCudaTests measure that).
    [ModelsFact]
    public void RewrittenRecognizer_LoadsOnCpu_AndReadsTheSameClasses()
    {
        var fp32 = Prepared(ModelFiles.Recognizer);
        var mixed = fp32.Clone();
        MixedPrecision.Apply(mixed);
        const int Batch = 4, Width = 960;
        var input = SamplePage.LineBatch(Batch, Width);
        var (classes, probabilities) = RunRecognizer(fp32.ToByteArray(), input, Batch, Width);
        var (mixedClasses, mixedProbabilities) = RunRecognizer(mixed.ToByteArray(), input, Batch, Width);
        var difference = OutputDifference.OfTopK(classes, probabilities, mixedClasses, mixedProbabilities);
        output.WriteLine(difference.ToString());
        Assert.True(difference.Agreement >= 0.999, difference.ToString());
        Assert.True(difference.Max <= 0.05, difference.ToString());
    }

    internal static ModelProto Prepared(string file)
    {
        var model = OnnxGraph.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Models, file)));
        HardSwishFusion.Fuse(model);
        if (file == ModelFiles.Recognizer)
        {
            TopKHead.Append(model);
        }

        return model;
    }

    private static (long[] Classes, float[] Probabilities) RunRecognizer(byte[] model, float[] input, int batch, int width)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model, options);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [batch, 3, 48, width]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], [TopKHead.ClassOutput, TopKHead.ProbabilityOutput]);
        return (results[0].GetTensorDataAsSpan<long>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }
}
