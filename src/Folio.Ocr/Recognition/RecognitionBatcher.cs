using System.Collections.Concurrent;
using System.Diagnostics;

namespace Folio.Ocr.Recognition;

/// <summary>
/// Lets lines of pages recognised at the same time share model runs: a submitted page's crops join a pool that is
/// gathered for at most a short window, sorted by width and cut into full batches. On a GPU, where one run of 16
/// lines costs about what one run of 4 costs, this turns many part-filled batches into few full ones.
/// </summary>
/// <remarks>
/// Dispatch threads take turns: one gathers the next pool while the others run their batches, so the copies into
/// the next tensor overlap the model runs; each thread passes its index to the run function, which may give every
/// thread its own sessions (on CUDA, its own stream). The threads are dedicated (not the thread pool), because the
/// page threads that wait on them are pool threads.
/// </remarks>
public sealed class RecognitionBatcher<TLine> : IDisposable
{
    private readonly BlockingCollection<Item> _queue = new();
    private readonly Func<IReadOnlyList<SampledCrop>, int, TLine[]> _run;
    private readonly int _batchSize;
    private readonly TimeSpan _window;
    private readonly object _gathering = new();
    private readonly Thread[] _threads;

    /// <summary>Starts the dispatch threads.</summary>
    /// <param name="run">Runs one batch on behalf of dispatch thread n and returns its lines in the batch's order.</param>
    /// <param name="batchSize">Lines per model run.</param>
    /// <param name="window">How long a pool waits for more lines after its first one.</param>
    /// <param name="dispatchers">Dispatch threads (at least 2, so that gathering overlaps running).</param>
    public RecognitionBatcher(Func<IReadOnlyList<SampledCrop>, int, TLine[]> run, int batchSize, TimeSpan window, int dispatchers = 2)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(dispatchers, 2);
        _run = run;
        _batchSize = batchSize;
        _window = window;
        _threads = [.. Enumerable.Range(0, dispatchers).Select(i => new Thread(() => Dispatch(i)) { IsBackground = true, Name = $"folio-recognition-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Recognises <paramref name="crops"/>; the lines come back in the same order.</summary>
    public Task<TLine[]> Submit(IReadOnlyList<SampledCrop> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var page = new PageLines(crops.Count);
        if (crops.Count == 0)
        {
            return Task.FromResult(Array.Empty<TLine>());
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

    private void Dispatch(int dispatcher)
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
                    var lines = _run([.. batch.Select(b => b.Crop)], dispatcher);
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
        private readonly TLine[] _lines = new TLine[count];
        private int _left = count;

        public TaskCompletionSource<TLine[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Set(int index, TLine line)
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
