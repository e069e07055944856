using System.Security.Cryptography;
using Folio.Ocr.Recognition;
using Folio.Ocr.Runtime;
using Folio.Testing;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>
/// The INT8 recognizer: the rewrite makes QDQ pairs that ONNX Runtime runs as integer kernels, it reads real lines
/// as FP32 does, a wrong scale shows, and a calibration table refuses a model it was not taken on.
/// </summary>
public class Int8QuantizationTests(ITestOutputHelper output)
{
    private const int Lines = 12, Width = 1280;

    private static readonly string RecognizerPath = Path.Combine(RepoPaths.Models, ModelFiles.Recognizer);

    // Tolerances, from this model and table on the sample scan's 12 widest lines, measured: 97.5 % of the time steps
    // FP32 decides for a character (ahead of the second class by 0.1) keep it in INT8 (most of the others move to the
    // next step of the same letter); counting the steps decided for the blank or a space, 92.4 %: the model's word
    // spaces are fragile (quantizing any one early convolution alone moves about 5 % of such steps) and INT8 reads more
    // of them (`toTRUE` → `to TRUE`). The readings differ by 0.23 % CER without spaces, 1.13 % with them (with the
    // ranges of a table taken at 150 and 100 dpi, 96.3 %, 91.4 %, 0.23 % and 1.22 %). Bounds: 94 % of the character
    // steps, 88 % of all decided steps, 0.75 % CER without spaces, 2 % with them.
    [ModelsFact]
    public void QuantizedRecognizer_ReadsRealLinesAsFp32Does()
    {
        var comparison = Compare(Int8Calibration.Recognizer);
        Assert.True(comparison.Characters >= 0.94, comparison.ToString());
        Assert.True(comparison.Steps.Agreement >= 0.88, comparison.ToString());
        Assert.True(comparison.CerWithoutSpaces <= 0.0075, comparison.ToString());
        Assert.True(comparison.Cer <= 0.02, comparison.ToString());
    }

    // The same comparison fails when the scales are wrong: every activation range cut to a fifth clips the activations
    // (measured: no character step kept, nothing read). The model is that sensitive to clipping: the backbone's ranges
    // cut by 10 % already failed every bound (83.6 % of the decided steps, 90.1 % of the character steps, 1.25 % CER
    // without spaces).
    [ModelsFact]
    public void WrongScales_FailTheComparison()
    {
        var table = Int8Calibration.Recognizer;
        var squeezed = table with { Ranges = table.Ranges.ToDictionary(r => r.Key, r => r.Value.Select(v => v / 5).ToArray()) };
        var comparison = Compare(squeezed);
        Assert.True(comparison.Characters < 0.94 && comparison.Steps.Agreement < 0.88 && comparison.CerWithoutSpaces > 0.0075, "a table of wrong scales passed: " + comparison);
    }

    [ModelsFact]
    public void Rewrite_MakesQdqPairs_ThatOnnxRuntimeRunsAsIntegerKernels()
    {
        var model = Prepared();
        var convolutions = model.Graph.Node.Count(n => n.OpType == "Conv");
        Int8Quantization.Apply(model, Int8Calibration.Recognizer, ModelFiles.Expected[ModelFiles.Recognizer]);
        var ops = model.Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{model.Graph.Node.Count} nodes: {string.Join(", ", ops.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"))}");

        // The model's opset (9) is raised to 10, for QLinearConv; it has no per-axis DequantizeLinear: the pairs are com.microsoft's.
        Assert.Equal(10, OnnxGraph.DefaultOpset(model));
        Assert.All(model.Graph.Node.Where(n => n.OpType is "QuantizeLinear" or "DequantizeLinear"), n => Assert.Equal("com.microsoft", n.Domain));
        Assert.Contains(model.OpsetImport, o => o.Domain == "com.microsoft");
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "BatchNormalization");
        var made = model.Graph.Node.SelectMany(n => n.Output.Select(o => (Output: o, Node: n))).ToDictionary(p => p.Output, p => p.Node);
        foreach (var conv in model.Graph.Node.Where(n => n.OpType == "Conv"))
        {
            // Input, weights and bias dequantized; the output quantized by the next node.
            Assert.All(conv.Input, i => Assert.Equal("DequantizeLinear", made[i].OpType));
            var weights = made[conv.Input[1]];
            Assert.Equal(0, OnnxGraph.Attribute(weights, "axis")!.I);
            Assert.Equal((int)TensorProto.Types.DataType.Int8, model.Graph.Initializer.Single(i => i.Name == weights.Input[0]).DataType);
            Assert.Equal("QuantizeLinear", model.Graph.Node.Single(n => n.Input.Contains(conv.Output[0])).OpType);
        }

        Assert.Equal(convolutions, ops["Conv"]);
        Assert.Equal(model, OnnxGraph.Parse(model.ToByteArray()));

        // ONNX Runtime's own optimised graph: every convolution QLinearConv, every MatMul with a constant weight integer.
        var optimized = Path.Combine(Path.GetTempPath(), $"folio-int8-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR })
            using (new InferenceSession(model.ToByteArray(), options))
            {
            }

            var kernels = OnnxGraph.Parse(File.ReadAllBytes(optimized)).Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine($"optimised: {string.Join(", ", kernels.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"))}");
            Assert.Equal(convolutions, kernels.GetValueOrDefault("QLinearConv"));
            Assert.False(kernels.ContainsKey("Conv"));
            Assert.Equal(9, kernels.GetValueOrDefault("MatMulIntegerToFloat"));
        }
        finally
        {
            File.Delete(optimized);
        }
    }

    [ModelsFact]
    public void CommittedTable_IsThePinnedModels_AndCoversEveryTensorTheRewriteQuantizes()
    {
        var table = Int8Calibration.Recognizer;
        Assert.Equal(ModelFiles.Expected[ModelFiles.Recognizer], table.ModelSha256);
        var needed = Int8Quantization.TensorsToCalibrate(Prepared());
        output.WriteLine($"{needed.Count} tensors; table {table.Digest}: {table.Source}");
        Assert.All(needed, t => Assert.True(table.Ranges.ContainsKey(t), t));
        Assert.Equal(table.ToJson(), Int8Calibration.Parse(table.ToJson()).ToJson());
    }

    [ModelsFact]
    public void TableOfAnotherModel_IsRefused_WithBothDigests()
    {
        var other = Int8Calibration.Recognizer with { ModelSha256 = Convert.ToHexStringLower(SHA256.HashData("another model"u8)) };
        var model = Prepared();
        var error = Assert.Throws<InvalidDataException>(() => Int8Quantization.Apply(model, other, ModelFiles.Expected[ModelFiles.Recognizer]));
        Assert.Contains(other.ModelSha256, error.Message, StringComparison.Ordinal);
        Assert.Contains(ModelFiles.Expected[ModelFiles.Recognizer], error.Message, StringComparison.Ordinal);

        // Through the factory as the engine loads the recognizer: the model file's own digest is checked.
        var factory = new SessionFactory(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, CpuPrecision = ModelPrecision.Int8 }) { Calibration = other };
        Assert.Throws<InvalidDataException>(() => factory.Create(RecognizerPath, TopKHead.Edit, mixedPrecisionAllowed: true).Dispose());
    }

    // The engine as configured with Ocr:CpuPrecision=Int8 reads the sample scan; its words against the FP32 engine's,
    // measured: 1.10 % word error (1 − F1 over 499 words), 0.36 % CER. Bound: 3 % word error between the two readings.
    [ModelsFact]
    public void Engine_WithCpuPrecisionInt8_ReadsTheSampleScanAsFp32Does()
    {
        string Read(ModelPrecision precision)
        {
            using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, IntraOpThreads = 2, CpuPrecision = precision });
            Assert.Contains($"precision={OcrEngine.PrecisionSetting(new SessionFactory(new OcrEngineOptions { Device = DeviceChoice.Cpu, CpuPrecision = precision }))}", engine.Info.Settings, StringComparison.Ordinal);
            return string.Join('\n', engine.Recognize(SamplePage.Page, 1).Blocks.Select(b => b.Text));
        }

        var fp32 = Read(ModelPrecision.Fp32);
        var int8 = Read(ModelPrecision.Int8);
        var wordError = TextMetrics.WordError(fp32, int8);
        output.WriteLine($"{TextMetrics.Words(fp32).Values.Sum()} words; word error of the INT8 reading against the FP32 one {100 * wordError:F2} %, CER {100 * TextMetrics.Cer(fp32, int8):F2} %");
        Assert.True(wordError <= 0.03, $"word error {100 * wordError:F2} %");
    }

    [Fact]
    public void Settings_PutTheInt8TableInTheCacheKey_AndRefuseMismatchedDevices()
    {
        var cpu = new SessionFactory(new OcrEngineOptions { Device = DeviceChoice.Cpu, CpuPrecision = ModelPrecision.Int8 });
        Assert.Equal(ModelPrecision.Int8, cpu.Precision);
        Assert.Contains($"int8 {Int8Quantization.Settings} calibration[{Int8Calibration.Recognizer.Digest}]", OcrEngine.PrecisionSetting(cpu), StringComparison.Ordinal);
        Assert.Equal("fp32", OcrEngine.PrecisionSetting(new SessionFactory(new OcrEngineOptions { Device = DeviceChoice.Cpu, CpuPrecision = ModelPrecision.Fp32 })));
        Assert.Throws<ArgumentException>(() => new SessionFactory(new OcrEngineOptions { Device = DeviceChoice.Cpu, Precision = ModelPrecision.Int8 }));
        Assert.Throws<ArgumentException>(() => new SessionFactory(new OcrEngineOptions { Device = DeviceChoice.Cpu, CpuPrecision = ModelPrecision.Mixed }));
        var unfolded = Assert.Throws<ArgumentException>(() => new SessionFactory(new OcrEngineOptions { Device = DeviceChoice.Cpu, CpuPrecision = ModelPrecision.Int8, FoldScaleShift = false }));
        Assert.Contains("FoldScaleShift", unfolded.Message, StringComparison.Ordinal);
    }

    private Comparison Compare(Int8Calibration table)
    {
        var fp32 = Prepared();
        var int8 = fp32.Clone();
        Int8Quantization.Apply(int8, table, ModelFiles.Expected[ModelFiles.Recognizer]);
        var input = SamplePage.LineBatch(Lines, Width);
        var (classes, probabilities) = Run(fp32.ToByteArray(), input);
        var (int8Classes, int8Probabilities) = Run(int8.ToByteArray(), input);
        var alphabet = CtcDecoder.BuildAlphabet(File.ReadLines(Path.Combine(RepoPaths.Models, ModelFiles.Dictionary)));
        var fp32Text = string.Join('\n', Texts(classes, probabilities, alphabet));
        var int8Text = string.Join('\n', Texts(int8Classes, int8Probabilities, alphabet));
        var comparison = new Comparison(
            OutputDifference.OfTopK(classes, probabilities, int8Classes, int8Probabilities),
            CharacterAgreement(classes, probabilities, int8Classes, Array.IndexOf(alphabet, " ")),
            TextMetrics.Cer(fp32Text, int8Text),
            TextMetrics.CerWithoutSpaces(fp32Text, int8Text));
        output.WriteLine($"{Lines} × {Width}: {comparison}");
        foreach (var (a, b) in fp32Text.Split('\n').Zip(int8Text.Split('\n')).Where(p => p.First != p.Second))
        {
            output.WriteLine($"  FP32 «{a}»\n  INT8 «{b}»");
        }

        return comparison;
    }

    // The share of the steps FP32 decides for a character (not the blank, not a space) whose best class INT8 keeps.
    private static double CharacterAgreement(long[] classes, float[] probabilities, long[] other, int space)
    {
        const int K = TopKHead.K;
        int decided = 0, same = 0;
        for (var step = 0; step < classes.Length / K; step++)
        {
            var best = classes[step * K];
            if (best != 0 && best != space && probabilities[step * K] - probabilities[(step * K) + 1] >= 0.1f)
            {
                decided++;
                same += other[step * K] == best ? 1 : 0;
            }
        }

        return decided == 0 ? 1 : (double)same / decided;
    }

    private static string[] Texts(long[] classes, float[] probabilities, string[] alphabet)
    {
        var perLine = classes.Length / Lines;
        return [.. Enumerable.Range(0, Lines).Select(i => string.Concat(CtcDecoder.DecodeIndices(classes.AsSpan(i * perLine, perLine), probabilities.AsSpan(i * perLine, perLine), alphabet, TopKHead.K).Select(c => c.Character)))];
    }

    // The FP32 recognizer as the engine hands it to the INT8 rewrite: hard-swish fused, scale and shift folded, top-k head.
    private static ModelProto Prepared()
    {
        var model = OnnxGraph.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Models, ModelFiles.Recognizer)));
        HardSwishFusion.Fuse(model);
        ScaleShiftFolding.Fold(model);
        TopKHead.Append(model);
        return model;
    }

    private static (long[] Classes, float[] Probabilities) Run(byte[] model, float[] input)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model, options);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [Lines, 3, 48, Width]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], [TopKHead.ClassOutput, TopKHead.ProbabilityOutput]);
        return (results[0].GetTensorDataAsSpan<long>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private sealed record Comparison(OutputDifference Steps, double Characters, double Cer, double CerWithoutSpaces)
    {
        public override string ToString() =>
            $"{Steps}; character steps the same {100 * Characters:F2} %; CER between the readings {100 * Cer:F2} %, without spaces {100 * CerWithoutSpaces:F2} %";
    }
}
