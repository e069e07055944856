using Folio.Ocr.Runtime;
using Folio.Testing;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>A fact that needs the models and a usable CUDA device; skipped with the reason otherwise.</summary>
internal sealed class CudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(() =>
    {
        if (!RepoPaths.ModelsPresent)
        {
            return $"OCR models missing in {RepoPaths.Models}: run scripts/fetch-models.sh.";
        }

        var device = new SessionFactory(new OcrEngineOptions { ModelDirectory = RepoPaths.Models }).Device;
        return device.Provider == "CUDA" ? null : $"No CUDA device: {device.Detail}.";
    });

    public CudaFactAttribute() => Skip = Reason.Value;
}

/// <summary>The mixed-precision models on CUDA: outputs close to FP32, and every node on the GPU.</summary>
public class MixedPrecisionCudaTests(ITestOutputHelper output)
{
    private static readonly string Recognizer = Path.Combine(RepoPaths.Models, ModelFiles.Recognizer);
    private static readonly string Detector = Path.Combine(RepoPaths.Models, ModelFiles.Detector);

    // Tolerances, from the H200 on the 12 bench pages (agreement 99.84 % at worst, mean difference 0.0012): the best
    // class of at least 99.5 % of the decided time steps (ahead of the second by 0.1) the same, the best probability
    // within 0.005 on average. A near tie can swing one step's probability a lot, so there is no bound on the largest.
    [CudaFact]
    public void Outputs_StayCloseToFp32_OnRealLinesAndPage()
    {
        var fp32 = Factory(ModelPrecision.Fp32);
        var mixed = Factory(ModelPrecision.Mixed);
        const int Batch = 16, Width = 1280;
        var lines = SamplePage.LineBatch(Batch, Width);
        var (classes, probabilities) = RunRecognizer(fp32, lines, Batch, Width);
        var (mixedClasses, mixedProbabilities) = RunRecognizer(mixed, lines, Batch, Width);
        var recognition = OutputDifference.OfTopK(classes, probabilities, mixedClasses, mixedProbabilities);
        output.WriteLine($"recognizer, {Batch} × {Width}: {recognition}");

        var (page, shape) = ModelInputs.Page(SamplePage.Page, 960);
        var detection = OutputDifference.OfMaps(RunDetector(fp32, page, shape), RunDetector(mixed, page, shape));
        output.WriteLine($"detector, {shape[3]} × {shape[2]}: {detection}");
        Assert.True(detection.Max == 0, "the detector stays FP32: " + detection);
        Assert.True(recognition.Agreement >= 0.995, recognition.ToString());
        Assert.True(recognition.Mean <= 0.005, recognition.ToString());
    }

    // ONNX Runtime keeps shape computations on the CPU on purpose; a node there that outputs more than a shape is a fallback.
    [CudaFact]
    public void NoNodeRunsOnTheCpu()
    {
        var mixed = Factory(ModelPrecision.Mixed);
        const int Batch = 16, Width = 1280;
        var lines = SamplePage.LineBatch(Batch, Width);
        var (page, shape) = ModelInputs.Page(SamplePage.Page, 960);
        var placements = Placements(mixed, Recognizer, TopKHead.Edit, lines, [Batch, 3, 48, Width])
            .Concat(Placements(mixed, Detector, null, page, shape)).ToList();
        var offGpu = placements.Where(p => p.Provider != "CUDAExecutionProvider").ToList();
        output.WriteLine($"{placements.Count} nodes ran, {offGpu.Count} not on CUDA: {string.Join(", ", offGpu.Select(p => $"{p.OpType} {p.Node} ({p.Provider})"))}");
        Assert.True(placements.Count > 100, $"only {placements.Count} nodes in the profiles");
        var fallbacks = offGpu.Where(p => p.IsFallback("CUDAExecutionProvider")).ToList();
        Assert.True(fallbacks.Count == 0, "on the CPU: " + string.Join(", ", fallbacks.Select(p => $"{p.OpType} {p.Node}")));
    }

    private static SessionFactory Factory(ModelPrecision precision) =>
        new(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cuda, Precision = precision });

    private static (long[] Classes, float[] Probabilities) RunRecognizer(SessionFactory factory, float[] input, int batch, int width)
    {
        using var session = factory.Create(Recognizer, TopKHead.Edit, fixedShapes: true, mixedPrecisionAllowed: true);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [batch, 3, 48, width]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], [TopKHead.ClassOutput, TopKHead.ProbabilityOutput]);
        return (results[0].GetTensorDataAsSpan<long>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static float[] RunDetector(SessionFactory factory, float[] input, long[] shape)
    {
        using var session = factory.Create(Detector);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], [session.OutputNames[0]]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static IReadOnlyList<NodePlacement> Placements(SessionFactory factory, string model, GraphEdit? edit, float[] input, long[] shape)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"folio-profile-{Guid.NewGuid():N}");
        string profile;
        using (var session = factory.Create(model, edit, profilePrefix: prefix, mixedPrecisionAllowed: true))
        {
            using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var runOptions = new RunOptions();
            session.Run(runOptions, [session.InputNames[0]], [tensor], session.OutputNames).Dispose();
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
