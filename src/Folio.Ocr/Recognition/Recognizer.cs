using Folio.Contracts;
using Folio.Pages.Geometry;
using Folio.Pages.Imaging;
using Folio.Pages.Layout;
using Folio.Ocr.Runtime;
using Folio.Pages.Text;

namespace Folio.Ocr.Recognition;

/// <summary>PP-OCR CTC recognizer: reads text quads in width-sorted batches and returns lines in input order.</summary>
public sealed class Recognizer : IDisposable
{
    /// <summary>Model input height.</summary>
    public const int InputHeight = 48;

    private const int MinWidth = 320;
    private const int WidthBucket = 32;
    // Longer lines are squeezed: a 48 × 3200 input already holds about 400 characters.
    private const int MaxWidth = 3200;

    // On CUDA every new input shape costs an algorithm search and memory planning, so batches there are padded to
    // a fixed count and widths rounded up to a few buckets, all warmed up at start.
    private const int CudaWidthBucket = 320;

    private readonly RecognizerSessions _sessions;
    private readonly string[] _alphabet;
    private readonly int _batchSize;

    private readonly RecognitionBatcher<LineScores>? _batcher;
    private readonly WordSpacer? _spacer;
    private readonly LexiconCorrector? _corrector;
    private readonly PunctuationChoice? _punctuation;
    private readonly LostMarks? _lostMarks;
    private readonly LineEndMark? _lineEndMark;
    private readonly bool _repairTokens;
    private readonly float _widthScale;
    private int _nextStream;

    /// <summary>Loads the model and the dictionary.</summary>
    /// <param name="factory">Creates the sessions.</param>
    /// <param name="modelPath">The recognition model.</param>
    /// <param name="dictionaryPath">Its character list.</param>
    /// <param name="batchSize">Lines per model run.</param>
    /// <param name="batchWindow">
    /// When positive, lines of pages recognised at the same time share batches (<see cref="RecognitionBatcher{TLine}"/>),
    /// each pool waiting at most this long for more lines.
    /// </param>
    /// <param name="widthScale">Horizontal squeeze of every line before recognition (see <see cref="OcrEngineOptions.RecognitionWidthScale"/>).</param>
    /// <param name="streams">On CUDA, sessions per width bucket (each its own stream), and batching threads.</param>
    /// <param name="spacer">Puts back word spaces the model left out, when given.</param>
    /// <param name="lexicon">When given, unknown Latin words are corrected from the model's other candidates (<see cref="LexiconCorrector"/>).</param>
    /// <param name="repairTokens">Whether punctuation is chosen by context (<see cref="PunctuationChoice"/>), lost marks put back (<see cref="LostMarks"/>), Latin tokens repaired (<see cref="TokenRepair"/>) and a line's last mark given its alternative (<see cref="LineEndMark"/>).</param>
    /// <param name="cudaGraphs">On CUDA, whether each width bucket's session replays a CUDA graph (<see cref="OcrEngineOptions.CudaGraphs"/>).</param>
    public Recognizer(SessionFactory factory, string modelPath, string dictionaryPath, int batchSize, TimeSpan batchWindow = default, float widthScale = 1f, int streams = 1, WordSpacer? spacer = null, Lexicon? lexicon = null, bool repairTokens = false, bool cudaGraphs = false)
    {
        _repairTokens = repairTokens;
        _spacer = spacer;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(streams);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthScale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(widthScale, 2f);
        _widthScale = widthScale;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _sessions = new RecognizerSessions(factory, modelPath, batchSize, streams, cudaGraphs, CudaWidthBucket);
        _alphabet = CtcDecoder.BuildAlphabet(File.ReadLines(dictionaryPath));
        _corrector = lexicon is null ? null : new LexiconCorrector(lexicon, _alphabet);
        _punctuation = repairTokens ? new PunctuationChoice(_alphabet) : null;
        _lostMarks = repairTokens ? new LostMarks(_alphabet) : null;
        _lineEndMark = repairTokens ? new LineEndMark(_alphabet) : null;
        _batchSize = batchSize;
        _batcher = batchWindow > TimeSpan.Zero ? new RecognitionBatcher<LineScores>(RunModel, batchSize, batchWindow, Math.Max(2, _sessions.Streams)) : null;
    }

    /// <summary>Number of classes including the blank.</summary>
    public int ClassCount => _alphabet.Length;

    /// <summary>
    /// Reads every quad, each line's contrast stretched first when <paramref name="stretchContrast"/> is set
    /// (<see cref="CropSampler.StretchContrast"/>); the result has the same order as <paramref name="quads"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before a batch (or, with cross-page batching, before the lines were handed over).</exception>
    public RecognizedLine[] Recognize(RasterImage page, IReadOnlyList<Quad> quads, bool stretchContrast = false, CancellationToken cancellationToken = default)
    {
        var crops = new SampledCrop[quads.Count];
        void Sample(int i) => crops[i] = SampledCrop.From(page, quads[i], InputHeight, MaxWidth, _widthScale, stretchContrast);
        try
        {
            if (_batcher is not null)
            {
                // The batcher's threads only run the model; each page samples and decodes its own lines, in parallel,
                // since on the GPU the cores are otherwise idle while a page waits for its runs.
                Parallel.For(0, crops.Length, Sample);
                cancellationToken.ThrowIfCancellationRequested();
                var scores = _batcher.Submit(crops).GetAwaiter().GetResult();
                var lines = new RecognizedLine[crops.Length];
                Parallel.For(0, crops.Length, i => lines[i] = Decode(crops[i], scores[i]));
                return lines;
            }

            for (var i = 0; i < crops.Length; i++)
            {
                Sample(i);
            }

            cancellationToken.ThrowIfCancellationRequested();

            var batches = BatchPlanner.Plan([.. crops.Select(c => c.AspectRatio)], _batchSize);
            var results = new List<IReadOnlyList<RecognizedLine>>(batches.Count);
            foreach (var batch in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                OcrTelemetry.RecordBatch(batch.Length);
                var batchCrops = batch.Select(i => crops[i]).ToArray();
                var scores = RunModel(batchCrops, Interlocked.Increment(ref _nextStream));
                results.Add([.. batchCrops.Select((crop, i) => Decode(crop, scores[i]))]);
            }

            return BatchPlanner.Restore(batches, results, quads.Count);
        }
        finally
        {
            foreach (var crop in crops)
            {
                crop?.Dispose();
            }
        }
    }

    /// <summary>Runs one small crop so the first real request does not pay for initialisation.</summary>
    public void WarmUp()
    {
        var page = RasterImage.CreateWhite(64, 16);
        using var crop = SampledCrop.From(page, new Quad(new(0, 0), new(64, 0), new(64, 16), new(0, 16)), InputHeight, MaxWidth);
        if (!_sessions.FixedShapes)
        {
            RunModel([crop], 0);
            return;
        }

        for (var stream = 0; stream < _sessions.Streams; stream++)
        {
            for (var width = CudaWidthBucket; width <= MaxWidth; width += CudaWidthBucket)
            {
                _sessions.Run([crop], width, stream);
            }
        }
    }

    private LineScores[] RunModel(IReadOnlyList<SampledCrop> crops, int stream) =>
        _sessions.Run(crops, BatchPlanner.TensorWidth(crops.Max(c => c.Width) / (float)InputHeight, InputHeight, MinWidth, _sessions.FixedShapes ? CudaWidthBucket : WidthBucket, MaxWidth), stream);

    // Everything after the model: greedy CTC, word spaces from the crop's ink, lexicon correction, punctuation by context, lost marks, token repair, the last mark's alternative.
    private RecognizedLine Decode(SampledCrop crop, LineScores scores)
    {
        var contentWidth = Math.Min(crop.Width, scores.TensorWidth);
        var chars = CtcDecoder.DecodeIndices(scores.Classes, scores.Probabilities, _alphabet, TopKHead.K);
        if (_spacer is not null)
        {
            chars = RecoverSpaces(chars, crop.FirstPlane(InputHeight), crop.Width, contentWidth, scores.TensorWidth, scores.Steps);
        }

        if (_corrector is not null)
        {
            chars = _corrector.Apply(chars, scores.Classes, scores.Probabilities, TopKHead.K);
        }

        if (_repairTokens)
        {
            chars = _punctuation!.Apply(chars, scores.Classes, scores.Probabilities, TopKHead.K);
            chars = _lostMarks!.Apply(chars, scores.Classes, scores.Probabilities, TopKHead.K);
            chars = TokenRepair.Apply(chars);
        }

        var endMarkAlternative = _lineEndMark?.Alternative(chars, scores.Classes, scores.Probabilities, TopKHead.K);
        return ToLine(chars, crop.Quad, contentWidth, scores.TensorWidth, scores.Steps) with { EndMarkAlternative = endMarkAlternative };
    }

    // The crop's first plane holds the line as the model saw it: the blank columns between characters are the evidence.
    private List<DecodedChar> RecoverSpaces(List<DecodedChar> chars, ReadOnlySpan<float> plane, int stride, int contentWidth, int tensorWidth, int steps)
    {
        var ink = InkGaps.ColumnInk(plane, InputHeight, stride, contentWidth);
        var timeSteps = chars.Where(c => !string.IsNullOrWhiteSpace(c.Character)).Select(c => c.TimeStep).ToList();
        return _spacer!.Apply(chars, InkGaps.Between(timeSteps, ink, (float)tensorWidth / steps));
    }

    private static RecognizedLine ToLine(List<DecodedChar> chars, Quad quad, int contentWidth, int tensorWidth, int steps)
    {
        var toPage = CropSampler.TensorToPage(quad, contentWidth, InputHeight);
        var stepWidth = (float)tensorWidth / steps;
        var words = new List<Word>();
        var start = 0;
        for (var i = 0; i <= chars.Count; i++)
        {
            if (i < chars.Count && !string.IsNullOrWhiteSpace(chars[i].Character))
            {
                continue;
            }

            if (i > start)
            {
                words.Add(MakeWord(chars, start, i, toPage, stepWidth, contentWidth));
            }

            start = i + 1;
        }

        var text = string.Join(' ', words.Select(w => w.Text));
        return new RecognizedLine(text, CtcDecoder.Confidence(chars), quad, words);
    }

    private static Word MakeWord(List<DecodedChar> chars, int from, int to, Homography toPage, float stepWidth, int contentWidth)
    {
        var text = TextNormalizer.Normalize(string.Concat(chars.Skip(from).Take(to - from).Select(c => c.Character)));
        var x0 = Math.Clamp(chars[from].TimeStep * stepWidth, 0, contentWidth);
        var x1 = Math.Clamp((chars[to - 1].TimeStep + 1) * stepWidth, 0, contentWidth);
        var corners = new[] { toPage.Map(x0, 0), toPage.Map(x1, 0), toPage.Map(x1, InputHeight), toPage.Map(x0, InputHeight) };
        var bbox = Box.Around(corners.Select(p => new Point(p.X, p.Y)));
        var confidence = chars.Skip(from).Take(to - from).Average(c => c.Probability);
        return new Word(text, bbox, confidence);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _batcher?.Dispose();
        _sessions.Dispose();
    }
}
