using System.Buffers;
using Folio.Contracts;
using Folio.Pages.Geometry;
using Folio.Pages.Imaging;
using Folio.Pages.Layout;
using Folio.Ocr.Runtime;
using Folio.Pages.Text;
using Microsoft.ML.OnnxRuntime;

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

    private readonly InferenceSession _session;
    private readonly SessionFactory _factory;
    private readonly string _modelPath;
    // On CUDA, one session per width bucket: a session whose input shape changes from run to run redoes its
    // convolution setup (measured on the H100: 26 ms for a warm 16 × 1600 batch, about 1 s when shapes alternate).
    // With several streams, each has its own session per bucket: runs of one session share its CUDA stream.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Width, int Stream), InferenceSession> _bucketSessions = new();
    private readonly string _inputName;
    private static readonly string[] OutputNames = [TopKHead.ClassOutput, TopKHead.ProbabilityOutput];
    private readonly string[] _alphabet;
    private readonly int _batchSize;
    private readonly bool _staticShapes;

    private readonly RecognitionBatcher<LineScores>? _batcher;
    private readonly WordSpacer? _spacer;
    private readonly LexiconCorrector? _corrector;
    private readonly bool _repairTokens;
    private readonly float _widthScale;
    private readonly int _streams;
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
    /// <param name="repairTokens">Whether Latin tokens are repaired (<see cref="TokenRepair"/>).</param>
    public Recognizer(SessionFactory factory, string modelPath, string dictionaryPath, int batchSize, TimeSpan batchWindow = default, float widthScale = 1f, int streams = 1, WordSpacer? spacer = null, Lexicon? lexicon = null, bool repairTokens = false)
    {
        _repairTokens = repairTokens;
        _spacer = spacer;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(streams);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthScale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(widthScale, 2f);
        _widthScale = widthScale;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _factory = factory;
        _modelPath = modelPath;
        _staticShapes = factory.Device.Provider == "CUDA";
        _session = factory.Create(modelPath, TopKHead.Edit, fixedShapes: _staticShapes, mixedPrecisionAllowed: true);
        if (_staticShapes)
        {
            // On CUDA every run goes to a bucket's session: this one serves the narrowest bucket.
            _bucketSessions[(CudaWidthBucket, 0)] = _session;
        }

        _inputName = _session.InputNames[0];
        _alphabet = CtcDecoder.BuildAlphabet(File.ReadLines(dictionaryPath));
        _corrector = lexicon is null ? null : new LexiconCorrector(lexicon, _alphabet);
        _batchSize = batchSize;
        _streams = _staticShapes ? streams : 1;
        _batcher = batchWindow > TimeSpan.Zero ? new RecognitionBatcher<LineScores>(RunModel, batchSize, batchWindow, Math.Max(2, _streams)) : null;
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
        try
        {
            for (var i = 0; i < crops.Length; i++)
            {
                crops[i] = SampledCrop.From(page, quads[i], InputHeight, MaxWidth, _widthScale, stretchContrast);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (_batcher is not null)
            {
                // The batcher's threads only run the model; each page decodes its own lines on its own thread.
                var scores = _batcher.Submit(crops).GetAwaiter().GetResult();
                return [.. crops.Select((crop, i) => Decode(crop, scores[i]))];
            }

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
        if (!_staticShapes)
        {
            RunModel([crop], 0);
            return;
        }

        for (var stream = 0; stream < _streams; stream++)
        {
            for (var width = CudaWidthBucket; width <= MaxWidth; width += CudaWidthBucket)
            {
                RunModel([crop], width, stream);
            }
        }
    }

    private LineScores[] RunModel(IReadOnlyList<SampledCrop> crops, int stream) =>
        RunModel(crops, BatchPlanner.TensorWidth(crops.Max(c => c.Width) / (float)InputHeight, InputHeight, MinWidth, _staticShapes ? CudaWidthBucket : WidthBucket, MaxWidth), stream);

    // The model run alone: the batch tensor is pooled (megabytes a batch), the scores copied out per line.
    private LineScores[] RunModel(IReadOnlyList<SampledCrop> crops, int tensorWidth, int stream)
    {
        var slice = 3 * InputHeight * tensorWidth;
        var count = _staticShapes ? Math.Max(_batchSize, crops.Count) : crops.Count;
        var input = ArrayPool<float>.Shared.Rent(count * slice);
        try
        {
            for (var i = 0; i < crops.Count; i++)
            {
                crops[i].CopyTo(input.AsSpan(i * slice, slice), InputHeight, tensorWidth);
            }

            input.AsSpan(crops.Count * slice, (count - crops.Count) * slice).Clear();
            using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count * slice), [count, 3, InputHeight, tensorWidth]);
            using var runOptions = new RunOptions();
            var session = _staticShapes ? _bucketSessions.GetOrAdd((tensorWidth, (stream & int.MaxValue) % _streams), _ => _factory.Create(_modelPath, TopKHead.Edit, fixedShapes: true, mixedPrecisionAllowed: true)) : _session;
            using var outputs = session.Run(runOptions, [_inputName], [tensor], OutputNames);
            var steps = (int)outputs[0].GetTensorTypeAndShape().Shape[1];
            var classes = outputs[0].GetTensorDataAsSpan<long>();
            var probabilities = outputs[1].GetTensorDataAsSpan<float>();
            var perLine = steps * TopKHead.K;
            var lines = new LineScores[crops.Count];
            for (var i = 0; i < crops.Count; i++)
            {
                lines[i] = new LineScores(classes.Slice(i * perLine, perLine).ToArray(), probabilities.Slice(i * perLine, perLine).ToArray(), steps, tensorWidth);
            }

            return lines;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    // Everything after the model: greedy CTC, word spaces from the crop's ink, lexicon correction, token repair.
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
            chars = TokenRepair.Apply(chars);
        }

        return ToLine(chars, crop.Quad, contentWidth, scores.TensorWidth, scores.Steps);
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
        _session.Dispose();
        foreach (var session in _bucketSessions.Values.Where(b => !ReferenceEquals(b, _session)))
        {
            session.Dispose();
        }
    }
}
