using System.Diagnostics;
using Folio.Contracts;
using Folio.Ocr.Detection;
using Folio.Ocr.Recognition;
using Folio.Ocr.Runtime;
using Folio.Pages;
using Folio.Pages.Geometry;
using Folio.Pages.Imaging;
using Folio.Pages.Layout;
using Folio.Pages.Text;

namespace Folio.Ocr;

/// <summary>What the engine loaded and runs on, for health and info endpoints.</summary>
/// <param name="Engine">Engine name.</param>
/// <param name="Device">Execution provider and why.</param>
/// <param name="Models">Model file names and their SHA-256.</param>
/// <param name="ModelDirectory">Where the models were loaded from.</param>
public sealed record EngineInfo(string Engine, ExecutionDevice Device, IReadOnlyDictionary<string, string> Models, string ModelDirectory)
{
    /// <summary>
    /// The load-time settings that change what the engine reads (not how fast), e.g. <c>widthScale=0.9;fuseHardSwish=True;classifier=True;precision=fp32</c>,
    /// and the build of the code that reads and lays out pages (<c>code=</c>, <see cref="OcrEngine.CodeBuild"/>):
    /// part of the page cache's key beside the model digests, so that changing one does not reuse pages read before.
    /// </summary>
    public string Settings { get; init; } = string.Empty;
}

/// <summary>
/// The PP-OCR page pipeline: detect lines, fix upside-down ones, recognise, group into blocks.
/// Build one per process: the model sessions are thread-safe and expensive to create.
/// </summary>
public sealed class OcrEngine : IDisposable
{
    /// <summary>
    /// The build of the code that turns pixels into blocks: 16 hex digits of the SHA-256 of the module version ids of
    /// this assembly (detection, recognition and their repairs) and of Folio.Pages (layout). Builds are deterministic,
    /// so the id changes exactly when that code does.
    /// </summary>
    public static string CodeBuild { get; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        typeof(OcrEngine).Assembly.ManifestModule.ModuleVersionId.ToString("N") + typeof(BlockKinds).Assembly.ManifestModule.ModuleVersionId.ToString("N"))))[..16];

    /// <summary>Engine name reported in provenance.</summary>
    public const string Name = "ppocr";

    private readonly Detector _detector;
    private readonly Classifier? _classifier;
    private readonly Recognizer _recognizer;
    private readonly IReadOnlyDictionary<string, string> _shortDigests;
    private readonly double? _stretchAboveNoise;
    private readonly double? _denoiseAboveNoise;
    private readonly bool _recognizeWhileClassifying;
    private readonly bool _parallelHostWork;

    /// <summary>Verifies and loads the models and decides the execution provider.</summary>
    public OcrEngine(OcrEngineOptions options)
    {
        var directory = ModelFiles.Locate(options.ModelDirectory);
        List<string> files = [ModelFiles.Detector, ModelFiles.Recognizer, ModelFiles.Dictionary];
        var usesWordList = options.RecoverWordSpaces || options.LexiconCorrection;
        if (usesWordList)
        {
            files.Add(ModelFiles.WordFrequencies);
        }

        if (options.LoadOrientationClassifier)
        {
            files.Add(ModelFiles.Classifier);
        }

        var digests = ModelFiles.Verify(directory, files, options.VerifyModels);
        var factory = new SessionFactory(options);
        var lexicon = usesWordList ? Lexicon.Load(Path.Combine(directory, ModelFiles.WordFrequencies)) : null;
        var detection = new DbSettings { TrimLineOverlaps = options.TrimLineOverlaps };
        detection = options.SplitJoinedLines ? detection : detection with { SplitThresholds = [] };
        _detector = new Detector(factory, Path.Combine(directory, ModelFiles.Detector), detection);
        _recognizer = new Recognizer(factory, Path.Combine(directory, ModelFiles.Recognizer), Path.Combine(directory, ModelFiles.Dictionary), BatchSizeFor(options, factory.Device), BatchWindowFor(options, factory.Device), options.RecognitionWidthScale, options.RecognitionStreams > 0 ? options.RecognitionStreams : 1,
            options.RecoverWordSpaces ? new WordSpacer(lexicon!) : null,
            options.LexiconCorrection ? lexicon : null,
            options.RepairTokens,
            options.CudaGraphs);
        _stretchAboveNoise = options.StretchLineContrast ? options.StretchAboveNoiseSigma : null;
        _denoiseAboveNoise = options.DetectOnDenoisedPage ? options.DenoiseAboveNoiseSigma : null;
        _classifier = options.LoadOrientationClassifier ? new Classifier(factory, Path.Combine(directory, ModelFiles.Classifier)) : null;
        _recognizeWhileClassifying = options.RecognizeWhileClassifying ?? factory.CudaDevice is not null;

        // On a GPU the cores are idle while the models run: a page's own host work uses them.
        _parallelHostWork = factory.CudaDevice is not null;
        _shortDigests = digests.ToDictionary(kv => kv.Key, kv => kv.Value.Length > 12 ? kv.Value[..12] : kv.Value);
        Info = new EngineInfo(Name, factory.Device, digests, directory)
        {
            Settings = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"widthScale={options.RecognitionWidthScale};fuseHardSwish={options.FuseHardSwish};foldScaleShift={options.FoldScaleShift};classifier={options.LoadOrientationClassifier};wordSpaces={(options.RecoverWordSpaces ? $"joinUnder{WordSpacer.LetterGapFraction}/knownWord{WordSpacer.KnownWordGapFraction}from{WordSpacer.KnownWordMinLength}/letterPitch" : "off")};lexiconCorrection={options.LexiconCorrection};repairTokens={(options.RepairTokens ? "punctuation+commasAfterNumbersAndBrackets+bracePairs+semicolons+backslashBeforeMarks+texGroups+lostMarks+tokens+controlWordSpaces+lineEndMarks" : "off")};splitJoinedLines={(detection.SplitThresholds.Count > 0 ? $"{string.Join('/', detection.SplitThresholds.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)))} bridges{RegionSplit.BridgeFraction}" : "off")};trimLineOverlaps={(options.TrimLineOverlaps ? $"from{LineOverlap.MinOverlapShare}" : "off")};stretchContrast={(options.StretchLineContrast ? options.StretchAboveNoiseSigma.ToString(System.Globalization.CultureInfo.InvariantCulture) : "off")};denoiseDetection={(options.DetectOnDenoisedPage ? options.DenoiseAboveNoiseSigma.ToString(System.Globalization.CultureInfo.InvariantCulture) : "off")};precision={PrecisionSetting(factory)}{(factory.CudaDevice is not null && options.CudaGraphs ? ";cudaGraphs=True" : string.Empty)};code={CodeBuild}"),
        };
    }

    /// <summary>
    /// The models' arithmetic for the page cache's key: the recognizer's rewrite settings, for INT8 the calibration
    /// table's digest, and on CUDA the NHWC layout, whose kernels round differently.
    /// </summary>
    internal static string PrecisionSetting(SessionFactory factory) => factory.Precision switch
    {
        ModelPrecision.Mixed => $"mixed {MixedPrecision.Settings}",
        ModelPrecision.Int8 => $"int8 {Int8Quantization.Settings} calibration[{(factory.Calibration ?? Int8Calibration.Recognizer).Digest}]",
        _ => "fp32",
    } + (factory.Nhwc ? " nhwc" : string.Empty);

    /// <summary>What was loaded.</summary>
    public EngineInfo Info { get; }

    /// <summary>Whether <see cref="WarmUp"/> has completed.</summary>
    public bool IsWarm { get; private set; }

    /// <summary>Runs each model once on tiny inputs.</summary>
    public void WarmUp()
    {
        _detector.WarmUp();
        _recognizer.WarmUp();
        _classifier?.FindUpsideDown(RasterImage.CreateWhite(64, 16), [new Quad(new(0, 0), new(64, 0), new(64, 16), new(0, 16))]);
        IsWarm = true;
    }

    /// <summary>Reads one raster (see <see cref="Recognize(RenderedPage, OcrRequestOptions?, CancellationToken)"/>).</summary>
    /// <param name="page">The page raster.</param>
    /// <param name="pageNumber">1-based page number to report.</param>
    /// <param name="options">Per-request settings, or null for the defaults.</param>
    /// <param name="dpi">Resolution of the raster when known.</param>
    /// <param name="extraTimingsMs">Stage timings measured by the caller (e.g. render) to include in provenance.</param>
    public PageResult Recognize(RasterImage page, int pageNumber, OcrRequestOptions? options = null, double? dpi = null, IReadOnlyDictionary<string, double>? extraTimingsMs = null) =>
        Recognize(RenderedPage.Of(page, pageNumber, dpi, extraTimingsMs), options);

    /// <summary>Reads one page: its shell filled with the blocks, the rotation and the provenance.</summary>
    /// <param name="rendered">The page and its result shell (e.g. from <c>PageReader</c>).</param>
    /// <param name="options">Per-request settings, or null for the defaults.</param>
    /// <param name="cancellationToken">Checked before each stage (detect, classify, recognize, layout) and between recognition batches.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled; the page's work stopped at the next stage.</exception>
    public PageResult Recognize(RenderedPage rendered, OcrRequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= OcrRequestOptions.Default;
        var page = rendered.Raster;
        var pageNumber = rendered.PageNumber;
        var timings = new Dictionary<string, double>(rendered.TimingsMs);
        var clock = Stopwatch.StartNew();
        var noise = _stretchAboveNoise is null && _denoiseAboveNoise is null ? 0 : ImageNoise.Sigma(page, _parallelHostWork);
        List<Quad> quads;
        using (var span = OcrTelemetry.StartStage("detect", pageNumber, page.Width, page.Height))
        {
            // Speckle on a noisy scan breaks lines apart and bridges column gutters; a median-filtered copy does neither.
            var findOn = _denoiseAboveNoise is { } denoise && noise >= denoise ? PageDenoise.Median3(page) : page;
            quads = _detector.Detect(findOn, options.DetectionMaxSide);
            span?.SetTag(OcrTelemetry.Lines, quads.Count);
            timings["detect"] = Lap(clock, "detect");
        }

        cancellationToken.ThrowIfCancellationRequested();
        // Noisy scans read better with each line's contrast stretched (the paper's noise clipped); clean ones do not.
        var stretch = _stretchAboveNoise is { } noisy && noise >= noisy;
        var classify = _classifier is not null && options.ClassifyOrientation && quads.Count > 0;
        var (asFound, quadsAsFound) = (page, quads);
        var readAsFound = classify && _recognizeWhileClassifying
            ? Task.Run(() => ReadLines(asFound, quadsAsFound, stretch, options, cancellationToken), cancellationToken)
            : null;
        int? rotation = null;
        try
        {
            if (classify)
            {
                using var span = OcrTelemetry.StartStage("classify", pageNumber, page.Width, page.Height);
                var upsideDown = OrientationVote.Apply(_classifier!.FindUpsideDown(page, quads, stopOnceHalfAreUpright: true));
                if (upsideDown.Any(turned => turned))
                {
                    // Most lines read upside down: the page was scanned that way. Turn the whole page, not only the
                    // lines, so that layout sees the lines top to bottom and reads them in order.
                    (page, quads) = TurnPage(page, quads);
                    rotation = 180;
                }

                span?.SetTag(OcrTelemetry.Lines, quads.Count);
                timings["classify"] = Lap(clock, "classify");
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            // A reading begun beside the classifier ends on its own (at its next batch when cancelled); its outcome
            // no longer matters.
            _ = readAsFound?.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }

        // Ruling lines (table cells) and ink without text (figures) come from the raster itself, found while the lines
        // are read: on the GPU the cores are otherwise idle then.
        var turned = page;
        var graphics = Task.Run(() => PageGraphics.From(turned), cancellationToken);
        List<RecognizedLine> lines;
        using (var span = OcrTelemetry.StartStage("recognize", pageNumber, page.Width, page.Height))
        {
            // A reading begun beside the classifier is awaited even when the page was turned, so that a page never
            // has two readings in flight; it then reads again, turned.
            lines = readAsFound?.GetAwaiter().GetResult() is { } early && rotation is null
                ? early
                : ReadLines(page, quads, stretch, options, cancellationToken);
            span?.SetTag(OcrTelemetry.Lines, lines.Count);
            timings["recognize"] = Lap(clock, "recognize");
        }

        cancellationToken.ThrowIfCancellationRequested();
        List<Block> blocks;
        using (var span = OcrTelemetry.StartStage("layout", pageNumber, page.Width, page.Height))
        {
            blocks = PageLayout.Build(lines, page.Width, page.Height, graphics.GetAwaiter().GetResult());
            span?.SetTag(OcrTelemetry.Lines, lines.Count);
            span?.SetTag("folio.blocks", blocks.Count);
            timings["layout"] = Lap(clock, "layout");
        }

        return rendered.Shell with
        {
            Rotation = rotation,
            Blocks = blocks,
            Provenance = new Provenance
            {
                Engine = Name,
                Source = "ocr",
                Device = Info.Device.Provider,
                Models = _shortDigests,
                TimingsMs = timings,
            },
        };
    }

    // Tall narrow boxes are vertical text: read them turned, as PaddleOCR does. Lines read as nothing, or below the
    // request's confidence, are dropped.
    private List<RecognizedLine> ReadLines(RasterImage page, List<Quad> quads, bool stretch, OcrRequestOptions options, CancellationToken cancellationToken)
    {
        var oriented = quads.Select(q => q.Height >= 1.5f * q.Width ? q.RotatedAnticlockwise() : q).ToList();
        return [.. _recognizer.Recognize(page, oriented, stretch, cancellationToken).Where(l => l.Text.Length > 0 && l.Confidence >= options.MinLineConfidence)];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _detector.Dispose();
        _recognizer.Dispose();
        _classifier?.Dispose();
    }

    /// <summary>The configured recognition batch size, or the device's default when 0.</summary>
    public static int BatchSizeFor(OcrEngineOptions options, ExecutionDevice device) =>
        options.RecognitionBatchSize > 0 ? options.RecognitionBatchSize : device.Provider == "CUDA" ? 16 : 1;

    /// <summary>
    /// The page turned 180° with every line upright on it. The lines the classifier did not flag are turned too: on
    /// a page scanned upside down they are upside down as well, the classifier merely unsure of them.
    /// </summary>
    internal static (RasterImage Page, List<Quad> Quads) TurnPage(RasterImage page, IReadOnlyList<Quad> quads) =>
        (page.Rotated180(), [.. quads.Select(q => q.Rotated180().OnPageTurned180(page.Width, page.Height))]);

    /// <summary>The configured cross-page batching window, or the device's default when negative.</summary>
    public static TimeSpan BatchWindowFor(OcrEngineOptions options, ExecutionDevice device) =>
        TimeSpan.FromMilliseconds(options.RecognitionBatchWindowMs >= 0 ? options.RecognitionBatchWindowMs : device.Provider == "CUDA" ? 2 : 0);

    private static double Lap(Stopwatch clock, string stage)
    {
        var elapsed = clock.Elapsed;
        OcrTelemetry.RecordStage(stage, elapsed.TotalSeconds);
        var ms = Math.Round(elapsed.TotalMilliseconds, 2);
        clock.Restart();
        return ms;
    }
}
