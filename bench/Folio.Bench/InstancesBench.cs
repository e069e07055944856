using System.Diagnostics;
using System.Globalization;
using Folio.Ocr;
using Folio.Ocr.Runtime;
using Folio.Testing;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Bench;

/// <summary>
/// Whether the GPU takes more recognizer work than one session gives it: N sessions of the recognizer (each its own
/// CUDA stream), each driven by a thread of its own that runs real line batches (each page's widest lines, as the
/// engine writes them) back to back for a fixed time. Per CUDA setting (precision, NHWC layout, copies on the
/// session's own stream): lines/s over all sessions, ms per batch, the scaling against one session, and how far one
/// session's outputs are from FP32's. If lines/s grows with N, one session leaves the GPU idle and the service should
/// run more; if it stays flat, the kernels themselves are the wall.
/// Usage: folio-bench instances DIR [DEVICE=cuda] [sessions=1,2,4,8] [batch=16] [width=1280] [seconds=3]
/// </summary>
internal static class InstancesBench
{
    private static readonly (string Name, ModelPrecision Precision, bool Nhwc, bool OwnStreamCopies)[] Settings =
    [
        ("FP32", ModelPrecision.Fp32, false, false),
        ("FP32, copies on own stream", ModelPrecision.Fp32, false, true),
        ("FP32, NHWC, copies on own stream", ModelPrecision.Fp32, true, true),
        ("mixed", ModelPrecision.Mixed, false, false),
        ("mixed, copies on own stream", ModelPrecision.Mixed, false, true),
        ("mixed, NHWC, copies on own stream", ModelPrecision.Mixed, true, true),
    ];

    public static void Run(string[] args, string models)
    {
        var device = args.Length > 2 ? Enum.Parse<DeviceChoice>(args[2], ignoreCase: true) : DeviceChoice.Cuda;
        int[] counts = args.Length > 3 ? [.. args[3].Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture))] : [1, 2, 4, 8];
        var batch = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 16;
        var width = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1280;
        var seconds = args.Length > 6 ? double.Parse(args[6], CultureInfo.InvariantCulture) : 3;
        var (_, pages) = Png.ReadFolder(args[1]);
        models = ModelFiles.Locate(models);
        var recognizer = Path.Combine(models, ModelFiles.Recognizer);
        var baseFactory = new SessionFactory(new OcrEngineOptions { ModelDirectory = models, Device = device });
        var inputs = PrecisionBench.LineBatches(baseFactory, Path.Combine(models, ModelFiles.Detector), pages, batch, width);
        long[] shape = [batch, 3, 48, width];
        Console.WriteLine($"machine: {Machine.Describe()}");
        Console.WriteLine($"device: {baseFactory.Device.Provider} ({baseFactory.Device.Detail}); {inputs.Count} batches of {batch} lines × {width} px (each page's widest); sessions {string.Join(", ", counts)}, {seconds} s each");
        Console.WriteLine($"{"setting",-36} {"sessions",8} {"lines/s",8} {"ms/batch",9} {"scaling",8}  outputs against FP32 (one session)");
        List<(long[] Classes, float[] Probabilities)>? reference = null;
        foreach (var (name, precision, nhwc, ownStream) in Settings)
        {
            if (baseFactory.CudaDevice is null && (precision != ModelPrecision.Fp32 || nhwc || ownStream))
            {
                continue; // CUDA-only settings
            }

            var factory = new SessionFactory(new OcrEngineOptions { ModelDirectory = models, Device = device, Precision = precision, CudaNhwc = nhwc, CudaCopiesOnComputeStream = ownStream });
            var sessions = new List<InferenceSession>();
            try
            {
                for (var i = 0; i < counts.Max(); i++)
                {
                    sessions.Add(factory.Create(recognizer, TopKHead.Edit, fixedShapes: true, mixedPrecisionAllowed: true));
                }

                var outputs = inputs.Select(input => GraphsBench.RunPlain(sessions[0], input, shape)).ToList();
                reference ??= outputs;
                var worst = reference.Zip(outputs, (a, b) => OutputDifference.OfTopK(a.Classes, a.Probabilities, b.Classes, b.Probabilities)).Min(d => d.Agreement);
                double? single = null;
                foreach (var count in counts)
                {
                    var (linesPerSecond, msPerBatch) = Drive(sessions.Take(count).ToList(), inputs, shape, batch, seconds);
                    single ??= linesPerSecond;
                    Console.WriteLine($"{name,-36} {count,8} {linesPerSecond,8:F0} {msPerBatch,9:F2} {linesPerSecond / single.Value,7:F2}×  best class agrees on {100 * worst:F2} % of decided steps at worst");
                }
            }
            catch (OnnxRuntimeException ex)
            {
                Console.WriteLine($"{name,-36} could not run: {ex.Message}");
            }
            finally
            {
                sessions.ForEach(s => s.Dispose());
            }
        }
    }

    // Every session warm, then each on its own thread running the batches in turn until the time is up.
    private static (double LinesPerSecond, double MsPerBatch) Drive(List<InferenceSession> sessions, List<float[]> inputs, long[] shape, int batch, double seconds)
    {
        sessions.ForEach(s => GraphsBench.RunPlain(s, inputs[0], shape));
        var runs = new int[sessions.Count];
        var start = new Barrier(sessions.Count + 1);
        var stopAt = 0L;
        var threads = sessions.Select((session, index) => new Thread(() =>
        {
            start.SignalAndWait();
            var i = index;
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref stopAt))
            {
                GraphsBench.RunPlain(session, inputs[i++ % inputs.Count], shape);
                runs[index]++;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        Volatile.Write(ref stopAt, Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency));
        var clock = Stopwatch.StartNew();
        start.SignalAndWait();
        threads.ForEach(t => t.Join());
        var elapsed = clock.Elapsed.TotalSeconds;
        var total = runs.Sum();
        return (total * batch / elapsed, 1000 * elapsed * sessions.Count / Math.Max(1, total));
    }
}
