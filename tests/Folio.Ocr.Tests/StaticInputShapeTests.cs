using Folio.Ocr.Runtime;
using Folio.Testing;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>
/// The recognizer with its input shape fixed reads what it reads with a dynamic input, without the shape computations
/// (folded at load), and run through buffers bound once reads each new input as a plain run does.
/// </summary>
public class StaticInputShapeTests(ITestOutputHelper output)
{
    private const int Batch = 4, Width = 640;
    private static readonly long[] Shape = [Batch, 3, 48, Width];
    private static readonly string Recognizer = Path.Combine(RepoPaths.Models, ModelFiles.Recognizer);
    private static readonly string[] OutputNames = [TopKHead.ClassOutput, TopKHead.ProbabilityOutput];

    [ModelsFact]
    public void Edit_FixesTheInput_AndRefusesAShapeTheModelCannotTake()
    {
        var model = OnnxGraph.Parse(File.ReadAllBytes(Recognizer));
        var before = model.Graph.Input.Single().Type.TensorType.Shape.Dim.Select(d => d.ToString()).ToList();
        StaticInputShape.Apply(model, Shape);
        var again = OnnxGraph.Parse(model.ToByteArray());
        var dims = again.Graph.Input.Single().Type.TensorType.Shape.Dim;
        output.WriteLine($"input {string.Join(", ", before)} → {string.Join(", ", dims.Select(d => d.DimValue))}");
        Assert.Equal(Shape, dims.Select(d => d.DimValue));

        // The model takes three planes 48 pixels high: another height or rank is refused, not loaded.
        Assert.Throws<InvalidDataException>(() => StaticInputShape.Apply(OnnxGraph.Parse(File.ReadAllBytes(Recognizer)), [Batch, 3, 32, Width]));
        Assert.Throws<InvalidDataException>(() => StaticInputShape.Apply(OnnxGraph.Parse(File.ReadAllBytes(Recognizer)), [Batch, 3, 48]));
        Assert.Equal("topk4+input4x3x48x640", TopKHead.Edit.Then(StaticInputShape.Edit(Shape)).Name);
    }

    // With every shape known ONNX Runtime fuses the transformer blocks otherwise (MatMul and Add into Gemm, layer
    // normalisations), so the outputs move by rounding: 8.3e-7 at most here, like the hard-swish fusion's 1.5e-6.
    [ModelsFact]
    public void StaticRecognizer_ReadsWhatTheDynamicOneReads_OnRealLines()
    {
        var factory = CpuFactory();
        using var dynamic = factory.Create(Recognizer, TopKHead.Edit);
        using var fixedShape = factory.Create(Recognizer, Edit);
        var lines = SamplePage.LineBatch(Batch, Width);
        var (classes, probabilities) = Run(dynamic, lines);
        var (fixedClasses, fixedProbabilities) = Run(fixedShape, lines);
        var difference = OutputDifference.OfTopK(classes, probabilities, fixedClasses, fixedProbabilities);
        output.WriteLine($"outputs {string.Join(" and ", OutputNames.Select(n => $"[{string.Join(", ", fixedShape.OutputMetadata[n].Dimensions)}]"))}; {difference}");

        // ONNX Runtime infers the outputs' shapes from the fixed input: what binding them needs.
        Assert.All(OutputNames, n => Assert.All(fixedShape.OutputMetadata[n].Dimensions, d => Assert.True(d > 0)));
        Assert.Equal(1, difference.Agreement);
        Assert.True(difference.Max <= 1e-5, difference.ToString());
    }

    [ModelsFact]
    public void StaticRecognizer_RunsNoShapeComputation()
    {
        var factory = CpuFactory();
        var lines = SamplePage.LineBatch(Batch, Width);
        var dynamic = Placements(factory, TopKHead.Edit, lines);
        var fixedShape = Placements(factory, Edit, lines);
        var shapeNodes = dynamic.Where(p => p.OutputValues <= NodePlacement.ShapeValues).ToList();
        output.WriteLine($"dynamic input: {dynamic.Count} nodes ran, {shapeNodes.Count} of them shape computations: {string.Join(", ", shapeNodes.Select(p => $"{p.OpType} ({p.OutputValues})"))}");
        output.WriteLine($"fixed input: {fixedShape.Count} nodes ran");
        output.WriteLine("by operator, dynamic / fixed: " + string.Join(", ", dynamic.Concat(fixedShape).Select(p => p.OpType).Distinct().Select(op => $"{op} {dynamic.Count(p => p.OpType == op)}/{fixedShape.Count(p => p.OpType == op)}")));

        // The shape computations (a handful of int64 values each) were folded into constants when the model loaded.
        Assert.NotEmpty(shapeNodes);
        Assert.Contains(dynamic, p => p.OpType == "Shape");
        Assert.DoesNotContain(fixedShape, p => p.OpType == "Shape" || p.OutputValues <= NodePlacement.ShapeValues);
    }

    [ModelsFact]
    public void BoundSession_ReadsEachNewInput_AsAPlainRunDoes()
    {
        var factory = CpuFactory();
        using var plain = factory.Create(Recognizer, Edit);
        using var bound = new BoundSession(factory.Create(Recognizer, Edit), OutputNames, factory.CudaDevice);
        Assert.Equal(Shape, bound.InputShape);

        // Two different batches one after the other: the second run must read the input written in place for it.
        var widest = SamplePage.LineBatch(Batch, Width);
        var next = ModelInputs.LineBatch(SamplePage.Page, [.. SamplePage.Lines.Skip(Batch).Take(Batch)], Width);
        foreach (var lines in new[] { widest, next })
        {
            var (classes, probabilities) = Run(plain, lines);
            var (boundClasses, boundProbabilities) = bound.Run(input => lines.CopyTo(input), b => (b.Output<long>(0).ToArray(), b.Output<float>(1).ToArray()));
            Assert.Equal(classes, boundClasses);
            Assert.Equal(probabilities, boundProbabilities);
        }

        Assert.NotEqual(Run(plain, widest).Classes, Run(plain, next).Classes);
    }

    internal static GraphEdit Edit { get; } = TopKHead.Edit.Then(StaticInputShape.Edit(Shape));

    private static SessionFactory CpuFactory() =>
        new(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu });

    private static (long[] Classes, float[] Probabilities) Run(InferenceSession session, float[] input)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, Shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], OutputNames);
        return (results[0].GetTensorDataAsSpan<long>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static IReadOnlyList<NodePlacement> Placements(SessionFactory factory, GraphEdit edit, float[] input)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"folio-profile-{Guid.NewGuid():N}");
        string profile;
        using (var session = factory.Create(Recognizer, edit, profilePrefix: prefix))
        {
            Run(session, input);
            profile = session.EndProfiling();
        }

        try
        {
            return NodePlacement.FromProfile(profile);
        }
        finally
        {
            File.Delete(profile);
        }
    }
}
