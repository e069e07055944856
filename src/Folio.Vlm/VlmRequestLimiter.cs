namespace Folio.Vlm;

/// <summary>
/// The client-side limit on requests to the VLM server: one <see cref="SemaphoreSlim"/> for the whole process.
/// </summary>
/// <remarks>
/// Fairness by page: a page queues its regions together, but it never has more than one slot request pending. It
/// waits for a slot, starts one region, and only then queues for the next slot. <see cref="SemaphoreSlim.WaitAsync()"/>
/// hands freed slots to waiters in arrival order, so while several pages wait, slots go round-robin, one region per
/// page in turn: a 60-region page (or a 500-page document sending many pages) cannot starve a 3-region page that
/// arrives after it, while a page alone on the server still gets every slot. A fixed per-page cap was the
/// alternative; it leaves slots idle when only one page is in flight, which is the common case of one GPU per
/// document.
/// </remarks>
public sealed class VlmRequestLimiter : IDisposable
{
    private readonly SemaphoreSlim _slots;

    /// <summary>Creates the limiter.</summary>
    public VlmRequestLimiter(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _slots = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>Requests allowed at once.</summary>
    public int Capacity { get; }

    /// <summary>Requests holding a slot now.</summary>
    public int InFlight => Capacity - _slots.CurrentCount;

    /// <summary>Runs the jobs of one page, each holding a slot while it runs, and returns their results in order.</summary>
    public async Task<T[]> RunPageAsync<T>(IReadOnlyList<Func<CancellationToken, Task<T>>> jobs, CancellationToken cancellationToken)
    {
        var results = new T[jobs.Count];
        var running = new List<Task>(jobs.Count);
        try
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                running.Add(RunAndReleaseAsync(jobs[i], i));
            }
        }
        finally
        {
            // Whatever happens, every started job gives its slot back before the page returns.
            await Task.WhenAll(running.Select(t => t.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default))).ConfigureAwait(false);
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        return results;

        async Task RunAndReleaseAsync(Func<CancellationToken, Task<T>> job, int index)
        {
            try
            {
                // Off the loop's thread: cropping and encoding must not delay the page's next place in the queue.
                results[index] = await Task.Run(() => job(cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}
