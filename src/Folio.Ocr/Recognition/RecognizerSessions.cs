using System.Buffers;
using System.Collections.Concurrent;
using Folio.Ocr.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Ocr.Recognition;

/// <summary>
/// The recognizer's model runs: a batch of sampled crops in, each line's top-k scores out. On the CPU one session
/// serves every shape. On CUDA every run goes to the session of its width bucket (and stream), which sees one input
/// shape: a session whose input shape changes from run to run redoes its convolution setup (measured on the H100:
/// 26 ms for a warm 16 × 1600 batch, about 1 s when shapes alternate); with several streams each has its own sessions,
/// since runs of one session share its CUDA stream. With <see cref="OcrEngineOptions.CudaGraphs"/> a bucket's session
/// has its input shape fixed in the model (<see cref="StaticInputShape"/>), replays a captured CUDA graph, and is run
/// through buffers bound once (<see cref="BoundSession"/>), its runs one at a time.
/// </summary>
internal sealed class RecognizerSessions : IDisposable
{
    private static readonly string[] OutputNames = [TopKHead.ClassOutput, TopKHead.ProbabilityOutput];

    private readonly SessionFactory _factory;
    private readonly string _modelPath;
    private readonly int _batchSize;
    private readonly InferenceSession? _anyShape;
    private readonly ConcurrentDictionary<(int Width, int Stream), Lazy<InferenceSession>> _buckets = new();
    private readonly ConcurrentDictionary<(int Width, int Stream), Lazy<BoundSession>> _boundBuckets = new();

    /// <summary>Loads the model: on the CPU its one session, on CUDA the session of the narrowest bucket.</summary>
    /// <param name="factory">Creates the sessions.</param>
    /// <param name="modelPath">The recognition model.</param>
    /// <param name="batchSize">Lines per run; on CUDA every batch is padded to it.</param>
    /// <param name="streams">On CUDA, sessions per width bucket.</param>
    /// <param name="cudaGraphs">On CUDA, whether the bucket sessions replay CUDA graphs.</param>
    /// <param name="narrowestBucket">The narrowest tensor width on CUDA.</param>
    public RecognizerSessions(SessionFactory factory, string modelPath, int batchSize, int streams, bool cudaGraphs, int narrowestBucket)
    {
        _factory = factory;
        _modelPath = modelPath;
        _batchSize = batchSize;
        FixedShapes = factory.Device.Provider == "CUDA";
        CudaGraphs = FixedShapes && cudaGraphs;
        Streams = FixedShapes ? streams : 1;
        if (!FixedShapes)
        {
            _anyShape = factory.Create(modelPath, TopKHead.Edit, mixedPrecisionAllowed: true);
        }
        else if (CudaGraphs)
        {
            _ = _boundBuckets.GetOrAdd((narrowestBucket, 0), BoundBucket).Value;
        }
        else
        {
            _ = _buckets.GetOrAdd((narrowestBucket, 0), Bucket).Value;
        }
    }

    /// <summary>Whether every run has a bucket's shape (on CUDA): batches padded to the batch size, widths to buckets.</summary>
    public bool FixedShapes { get; }

    /// <summary>Whether the bucket sessions replay CUDA graphs.</summary>
    public bool CudaGraphs { get; }

    /// <summary>Sessions per width bucket.</summary>
    public int Streams { get; }

    /// <summary>Runs the model on <paramref name="crops"/> in a tensor <paramref name="tensorWidth"/> wide, on the sessions of <paramref name="stream"/>.</summary>
    public LineScores[] Run(IReadOnlyList<SampledCrop> crops, int tensorWidth, int stream)
    {
        var key = (tensorWidth, (stream & int.MaxValue) % Streams);
        var slice = 3 * Recognizer.InputHeight * tensorWidth;
        if (CudaGraphs)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(crops.Count, _batchSize);
            return _boundBuckets.GetOrAdd(key, BoundBucket).Value.Run(
                input => Fill(input, crops, slice, tensorWidth),
                bound => Scores(crops.Count, bound.Output<long>(0), bound.Output<float>(1), (int)bound.OutputShape(0)[1], tensorWidth));
        }

        // The batch tensor is pooled (megabytes a batch), the scores copied out per line.
        var count = FixedShapes ? Math.Max(_batchSize, crops.Count) : crops.Count;
        var input = ArrayPool<float>.Shared.Rent(count * slice);
        try
        {
            Fill(input.AsSpan(0, count * slice), crops, slice, tensorWidth);
            using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count * slice), [count, 3, Recognizer.InputHeight, tensorWidth]);
            using var runOptions = new RunOptions();
            var session = _anyShape ?? _buckets.GetOrAdd(key, Bucket).Value;
            using var outputs = session.Run(runOptions, [session.InputNames[0]], [tensor], OutputNames);
            return Scores(crops.Count, outputs[0].GetTensorDataAsSpan<long>(), outputs[1].GetTensorDataAsSpan<float>(), (int)outputs[0].GetTensorTypeAndShape().Shape[1], tensorWidth);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _anyShape?.Dispose();
        foreach (var bucket in _buckets.Values.Where(b => b.IsValueCreated))
        {
            bucket.Value.Dispose();
        }

        foreach (var bucket in _boundBuckets.Values.Where(b => b.IsValueCreated))
        {
            bucket.Value.Dispose();
        }
    }

    // Each crop in its slice, the slices after the last crop (padding lines) zero.
    private static void Fill(Span<float> input, IReadOnlyList<SampledCrop> crops, int slice, int tensorWidth)
    {
        for (var i = 0; i < crops.Count; i++)
        {
            crops[i].CopyTo(input.Slice(i * slice, slice), Recognizer.InputHeight, tensorWidth);
        }

        input[(crops.Count * slice)..].Clear();
    }

    private static LineScores[] Scores(int count, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int steps, int tensorWidth)
    {
        var perLine = steps * TopKHead.K;
        var lines = new LineScores[count];
        for (var i = 0; i < count; i++)
        {
            lines[i] = new LineScores(classes.Slice(i * perLine, perLine).ToArray(), probabilities.Slice(i * perLine, perLine).ToArray(), steps, tensorWidth);
        }

        return lines;
    }

    private Lazy<InferenceSession> Bucket((int Width, int Stream) key) =>
        new(() => _factory.Create(_modelPath, TopKHead.Edit, fixedShapes: true, mixedPrecisionAllowed: true));

    private Lazy<BoundSession> BoundBucket((int Width, int Stream) key) =>
        new(() => new BoundSession(
            _factory.Create(_modelPath, TopKHead.Edit.Then(StaticInputShape.Edit([_batchSize, 3, Recognizer.InputHeight, key.Width])), fixedShapes: true, mixedPrecisionAllowed: true, cudaGraph: true),
            OutputNames,
            _factory.CudaDevice));
}
