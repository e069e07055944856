using System.Collections.Concurrent;
using System.Diagnostics;

namespace Folio.Ocr.Recognition;

/// <summary>
/// Lets lines of pages recognised at the same time share model runs: a submitted page's crops join a pool that is
/// gathered for at most a short window, sorted by width and cut into full batches. On a GPU, where one run of 16
/// lines costs about what one run of 4 costs, this turns many part-filled batches into few full ones.
/// </summary>
/// <remarks>
/// Two dispatch threads take turns: one gathers the next pool while the other runs its batches, so the copies into
/// the next tensor overlap the model run. The threads are dedicated (not the thread pool), because the page threads
/// that wait on them are pool threads.
/// </remarks>
public sealed class RecognitionBatcher : IDisposable
{
    private readonly BlockingCollection<Item> _queue = new();
    private readonly Func<IReadOnlyList<SampledCrop>, RecognizedLine[]> _run;
    private readonly int _batchSize;
    private readonly TimeSpan _window;
    private readonly object _gathering = new();
    private readonly Thread[] _threads;

    /// <summary>Starts the dispatch threads.</summary>
    /// <param name="run">Runs one batch and returns its lines in the batch's order.</param>
    /// <param name="batchSize">Lines per model run.</param>
    /// <param name="window">How long a pool waits for more lines after its first one.</param>
    public RecognitionBatcher(Func<IReadOnlyList<SampledCrop>, RecognizedLine[]> run, int batchSize, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _run = run;
        _batchSize = batchSize;
        _window = window;
        _threads = [.. Enumerable.Range(0, 2).Select(i => new Thread(Dispatch) { IsBackground = true, Name = $"folio-recognition-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Recognises <paramref name="crops"/>; the lines come back in the same order.</summary>
    public Task<RecognizedLine[]> Submit(IReadOnlyList<SampledCrop> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var page = new PageLines(crops.Count);
        if (crops.Count == 0)
        {
            return Task.FromResult(Array.Empty<RecognizedLine>());
        }

        for (var i = 0; i < crops.Count; i++)
        {
            _queue.Add(new Item(crops[i], page, i));
        }

        return page.Completion.Task;
    }

    /// <summary>Ends the dispatch threads once the lines already submitted are done.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _queue.Dispose();
    }

    private void Dispatch()
    {
        while (Gather() is { Count: > 0 } pool)
        {
            // Sorted by width so each batch pads little; ties keep submission order.
            var ordered = pool.Select((item, index) => (item, index)).OrderBy(x => x.item.Crop.AspectRatio).ThenBy(x => x.index).Select(x => x.item).ToList();
            for (var start = 0; start < ordered.Count; start += _batchSize)
            {
                var batch = ordered.GetRange(start, Math.Min(_batchSize, ordered.Count - start));
                OcrTelemetry.RecordBatch(batch.Count);
                try
                {
                    var lines = _run([.. batch.Select(b => b.Crop)]);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Page.Set(batch[i].Index, lines[i]);
                    }
                }
                catch (Exception ex)
                {
                    foreach (var item in batch)
                    {
                        item.Page.Fail(ex);
                    }
                }
            }
        }
    }

    // One thread gathers at a time: the first line waits for company at most the window, or until a pool holds
    // four batches.
    private List<Item> Gather()
    {
        lock (_gathering)
        {
            var pool = new List<Item>();
            try
            {
                if (!_queue.TryTake(out var first, Timeout.Infinite))
                {
                    return pool;
                }

                pool.Add(first);
                var clock = Stopwatch.StartNew();
                while (pool.Count < 4 * _batchSize)
                {
                    var left = _window - clock.Elapsed;
                    if (!_queue.TryTake(out var next, left > TimeSpan.Zero ? left : TimeSpan.Zero))
                    {
                        break;
                    }

                    pool.Add(next);
                }
            }
            catch (InvalidOperationException) when (_queue.IsAddingCompleted)
            {
                // Completed while waiting: run what was gathered.
            }

            return pool;
        }
    }

    private readonly record struct Item(SampledCrop Crop, PageLines Page, int Index);

    private sealed class PageLines(int count)
    {
        private readonly RecognizedLine[] _lines = new RecognizedLine[count];
        private int _left = count;

        public TaskCompletionSource<RecognizedLine[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Set(int index, RecognizedLine line)
        {
            _lines[index] = line;
            if (Interlocked.Decrement(ref _left) == 0)
            {
                Completion.TrySetResult(_lines);
            }
        }

        public void Fail(Exception error)
        {
            Interlocked.Decrement(ref _left);
            Completion.TrySetException(error);
        }
    }
}
