using System.Diagnostics;

namespace Folio.Soak;

/// <summary>Highest memory seen during a run: this process (the orchestrator) and the service's process.</summary>
/// <param name="WorkingSetMax">This process's working set, bytes.</param>
/// <param name="WorkingSetFirstHalfMax">The same over the first half of the run.</param>
/// <param name="WorkingSetSecondHalfMax">The same over the second half: no higher than the first when memory is bounded.</param>
/// <param name="ManagedHeapMax">This process's managed heap in use, bytes.</param>
/// <param name="ServiceWorkingSetMax">The service process's working set, bytes (any of its lives).</param>
/// <param name="Samples">How many samples were taken.</param>
internal sealed record MemoryFigures(long WorkingSetMax, long WorkingSetFirstHalfMax, long WorkingSetSecondHalfMax, long ManagedHeapMax, long ServiceWorkingSetMax, int Samples);

/// <summary>Samples memory every quarter second until stopped.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly List<(double Seconds, long WorkingSet, long Heap, long Service)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(Func<long> serviceWorkingSet) => _loop = Task.Run(() => LoopAsync(serviceWorkingSet));

    public async Task<MemoryFigures> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        var half = _samples.Count == 0 ? 0 : _samples[^1].Seconds / 2;
        long Max(IEnumerable<long> values) => values.DefaultIfEmpty(0).Max();
        return new MemoryFigures(
            Max(_samples.Select(s => s.WorkingSet)),
            Max(_samples.Where(s => s.Seconds <= half).Select(s => s.WorkingSet)),
            Max(_samples.Where(s => s.Seconds > half).Select(s => s.WorkingSet)),
            Max(_samples.Select(s => s.Heap)),
            Max(_samples.Select(s => s.Service)),
            _samples.Count);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(Func<long> serviceWorkingSet)
    {
        var clock = Stopwatch.StartNew();
        while (!_stop.IsCancellationRequested)
        {
            _samples.Add((clock.Elapsed.TotalSeconds, Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false), serviceWorkingSet()));
            try
            {
                await Task.Delay(250, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
