using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Ocr.Runtime;

/// <summary>What the engine runs on, decided once at start.</summary>
/// <param name="Provider">"CUDA" or "CPU".</param>
/// <param name="Detail">Why this provider: the CUDA error when it fell back to CPU, or the device id.</param>
/// <param name="IntraOpThreads">Threads per model run on CPU.</param>
public sealed record ExecutionDevice(string Provider, string Detail, int IntraOpThreads);

/// <summary>Creates ONNX Runtime sessions on the chosen execution provider.</summary>
public sealed class SessionFactory
{
    private readonly OcrEngineOptions _options;
    private readonly ConcurrentDictionary<string, int> _fused = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Path, string Edit), Lazy<byte[]>> _models = new();
    private int _modelsPrepared;

    /// <summary>Decides the provider: CUDA is tried once (unless CPU is forced) and CPU is the fallback.</summary>
    /// <exception cref="InvalidOperationException">CUDA was required and is not usable.</exception>
    /// <exception cref="ArgumentException">A precision setting names arithmetic its device does not run (<see cref="OcrEngineOptions.Precision"/>: Fp32 or Mixed; <see cref="OcrEngineOptions.CpuPrecision"/>: Fp32 or Int8), or INT8 is asked for with <see cref="OcrEngineOptions.FoldScaleShift"/> off.</exception>
    public SessionFactory(OcrEngineOptions options)
    {
        _options = options;
        if (options.Precision == ModelPrecision.Int8)
        {
            throw new ArgumentException("Ocr:Precision (CUDA) takes Fp32 or Mixed; INT8 is for the CPU: Ocr:CpuPrecision=Int8.", nameof(options));
        }

        if (options.CpuPrecision == ModelPrecision.Mixed)
        {
            throw new ArgumentException("Ocr:CpuPrecision takes Fp32 or Int8; mixed precision is for CUDA: Ocr:Precision=Mixed.", nameof(options));
        }

        if (options.CpuPrecision == ModelPrecision.Int8 && !options.FoldScaleShift)
        {
            throw new ArgumentException("Ocr:CpuPrecision=Int8 needs Ocr:FoldScaleShift: the INT8 calibration table is taken on the folded recognizer.", nameof(options));
        }

        var threads = options.IntraOpThreads > 0 ? options.IntraOpThreads : Environment.ProcessorCount;
        if (options.Device == DeviceChoice.Cpu)
        {
            Device = new ExecutionDevice("CPU", "forced by configuration", threads);
            return;
        }

        var cudaError = ProbeCuda(options.CudaDeviceId);
        if (cudaError is null)
        {
            var waits = !options.CudaBlockingWaits ? "threads spin while they wait for the GPU"
                : CudaWaits.Block(options.CudaDeviceId) is { } why ? $"threads spin while they wait for the GPU: blocking waits refused ({why})"
                : "threads block while they wait for the GPU";
            Device = new ExecutionDevice("CUDA", $"device {options.CudaDeviceId}, {waits}", threads);
        }
        else if (options.Device == DeviceChoice.Cuda)
        {
            throw new InvalidOperationException($"CUDA was required (Ocr:Device=Cuda) but is not usable: {cudaError}");
        }
        else
        {
            Device = new ExecutionDevice("CPU", $"CUDA not usable: {cudaError}", threads);
        }
    }

    /// <summary>The provider every session of this factory uses.</summary>
    public ExecutionDevice Device { get; }

    /// <summary>The CUDA device the sessions run on; null on the CPU.</summary>
    public int? CudaDevice => Device.Provider == "CUDA" ? _options.CudaDeviceId : null;

    /// <summary>Whether the sessions run convolutions in the NHWC layout (<see cref="OcrEngineOptions.CudaNhwc"/>, CUDA only).</summary>
    public bool Nhwc => CudaDevice is not null && _options.CudaNhwc;

    /// <summary>
    /// The precision of the models that allow one (the recognizer): <see cref="OcrEngineOptions.Precision"/> on CUDA,
    /// <see cref="OcrEngineOptions.CpuPrecision"/> on the CPU.
    /// </summary>
    public ModelPrecision Precision => Device.Provider == "CUDA" ? _options.Precision : _options.CpuPrecision;

    /// <summary>The activation ranges an INT8 model is quantized with (<see cref="Int8Calibration.Recognizer"/> unless a test gives another).</summary>
    public Int8Calibration? Calibration { get; init; }

    /// <summary>Hard-swish patterns fused, by model file name (empty when fusion is off or found none).</summary>
    public IReadOnlyDictionary<string, int> Fused => _fused;

    /// <summary>
    /// How many edited models this factory has made (read, parsed, edited, serialised): one per model file and edit,
    /// however many sessions load it.
    /// </summary>
    public int ModelsPrepared => Volatile.Read(ref _modelsPrepared);

    /// <summary>
    /// Creates a session for a model file, loaded from <see cref="ModelBytes"/> when any edit applies, from the file
    /// otherwise.
    /// </summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="edit">An edit of the model's graph before loading (e.g. <see cref="TopKHead.Edit"/>).</param>
    /// <param name="fixedShapes">
    /// Whether every run of the session has the same input shape: on CUDA such a session may afford cuDNN's
    /// exhaustive algorithm search (<see cref="OcrEngineOptions.ExhaustiveCudnnSearch"/>), paid once at warm-up.
    /// </param>
    /// <param name="profilePrefix">When given, ONNX Runtime profiles every run into a JSON file of this prefix (<see cref="NodePlacement"/> reads it).</param>
    /// <param name="mixedPrecisionAllowed">
    /// Whether <see cref="Precision"/> applies to this model: mixed on CUDA, INT8 on the CPU. The recognizer allows it;
    /// the detector does not: in FP16 its probability map moved by up to 1.0 (0.066 on average) and the text boxes with
    /// it, and it ran no faster (bench/README.md, mixed precision); INT8 was calibrated for the recognizer only.
    /// </param>
    /// <param name="cudaGraph">
    /// On CUDA, whether the session captures its run as a CUDA graph and replays it from then on (the CUDA provider's
    /// <c>enable_cuda_graph</c>): for a model of fixed shapes (<see cref="StaticInputShape"/>) run only through a
    /// <see cref="BoundSession"/>. Ignored on the CPU.
    /// </param>
    public InferenceSession Create(string modelPath, GraphEdit? edit = null, bool fixedShapes = false, string? profilePrefix = null, bool mixedPrecisionAllowed = false, bool cudaGraph = false)
    {
        using var options = CreateOptions(fixedShapes && _options.ExhaustiveCudnnSearch, cudaGraph);
        if (profilePrefix is not null)
        {
            options.EnableProfiling = true;
            options.ProfileOutputPathPrefix = profilePrefix;
        }

        var precision = mixedPrecisionAllowed ? Precision : ModelPrecision.Fp32;
        return !_options.FuseHardSwish && !_options.FoldScaleShift && edit is null && precision == ModelPrecision.Fp32
            ? new InferenceSession(modelPath, options)
            : new InferenceSession(ModelBytes(modelPath, edit, precision), options);
    }

    /// <summary>
    /// The model as this factory's sessions load it: its hard-swish fused unless <see cref="OcrEngineOptions.FuseHardSwish"/>
    /// is off, its scale-and-shift steps folded unless <see cref="OcrEngineOptions.FoldScaleShift"/> is off (on the CPU
    /// in FP32 the shifts left become normalisations), then <paramref name="edit"/>, then <see cref="MixedPrecision"/> or <see cref="Int8Quantization"/> as
    /// <paramref name="precision"/> says. Made once per model file, edit name and precision, then kept (the recognizer
    /// loads one session per width bucket).
    /// </summary>
    /// <exception cref="InvalidDataException">INT8 was asked for a model file the calibration table was not taken on.</exception>
    public byte[] ModelBytes(string modelPath, GraphEdit? edit = null, ModelPrecision precision = ModelPrecision.Fp32) =>
        _models.GetOrAdd((Path.GetFullPath(modelPath), (edit?.Name ?? string.Empty) + PrecisionSuffix(precision)), _ => new Lazy<byte[]>(() => Prepare(modelPath, edit, precision))).Value;

    private static string PrecisionSuffix(ModelPrecision precision) => precision switch
    {
        ModelPrecision.Mixed => "+mixed",
        ModelPrecision.Int8 => "+int8",
        _ => string.Empty,
    };

    private byte[] Prepare(string modelPath, GraphEdit? edit, ModelPrecision precision)
    {
        Interlocked.Increment(ref _modelsPrepared);
        var bytes = File.ReadAllBytes(modelPath);
        var model = OnnxGraph.Parse(bytes);
        if (_options.FuseHardSwish)
        {
            var fused = HardSwishFusion.Fuse(model);
            if (fused > 0)
            {
                _fused[Path.GetFileName(modelPath)] = fused;
            }
        }

        if (_options.FoldScaleShift)
        {
            ScaleShiftFolding.Fold(model);
            if (CudaDevice is null && precision != ModelPrecision.Int8)
            {
                ShiftNormalization.Rewrite(model);
            }
        }

        edit?.Apply(model);
        if (precision == ModelPrecision.Mixed)
        {
            MixedPrecision.Apply(model);
        }
        else if (precision == ModelPrecision.Int8)
        {
            Int8Quantization.Apply(model, Calibration ?? Int8Calibration.Recognizer, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }

        return model.ToByteArray();
    }

    // Measured on CPU (folio-bench sessions): all optimisations beat extended/basic by 22–31 %, and turning the
    // memory arena off made detection 31 % slower; spinning does not apply with one thread per run.
    private SessionOptions CreateOptions(bool exhaustiveSearch, bool cudaGraph)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Device.IntraOpThreads,
            InterOpNumThreads = 1,
            // Errors only: at load ONNX Runtime warns, for every session, that shape ops stay on the CPU under CUDA
            // and, after its own fusions of the fused hard-swish, that it dropped the initializers they no longer
            // read — dozens of lines per session that say nothing wrong.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (Device.Provider == "CUDA")
        {
            // Heuristic algorithm choice unless the shapes are fixed: the exhaustive cuDNN search costs 0.5–1.8 s for
            // every new input shape, and pages come in many sizes.
            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(new Dictionary<string, string>
            {
                ["device_id"] = _options.CudaDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["cudnn_conv_algo_search"] = exhaustiveSearch ? "EXHAUSTIVE" : "HEURISTIC",
                ["cudnn_conv_use_max_workspace"] = "1",
                ["enable_cuda_graph"] = cudaGraph ? "1" : "0",
                ["prefer_nhwc"] = _options.CudaNhwc ? "1" : "0",
                ["do_copy_in_default_stream"] = _options.CudaCopiesOnComputeStream ? "0" : "1",
            });
            options.AppendExecutionProvider_CUDA(cuda);
        }

        return options;
    }

    // A missing CUDA library shows only as an exception from AppendExecutionProvider_CUDA, so probe with it.
    private static string? ProbeCuda(int deviceId)
    {
        if (!File.Exists("/dev/nvidiactl") && !Directory.Exists("/proc/driver/nvidia"))
        {
            return "no NVIDIA driver on this machine";
        }

        try
        {
            using var probe = new SessionOptions();
            probe.AppendExecutionProvider_CUDA(deviceId);
            return null;
        }
        catch (OnnxRuntimeException ex)
        {
            return ex.Message;
        }
        catch (DllNotFoundException ex)
        {
            return ex.Message;
        }
        catch (EntryPointNotFoundException ex)
        {
            return ex.Message;
        }
    }
}
