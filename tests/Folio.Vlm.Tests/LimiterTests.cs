using System.Collections.Concurrent;

namespace Folio.Vlm.Tests;

public sealed class LimiterTests
{
    [Fact]
    public async Task Many_pages_never_run_more_jobs_than_the_capacity()
    {
        using var limiter = new VlmRequestLimiter(3);
        int current = 0, max = 0;
        async Task<int> Job(CancellationToken ct)
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref max, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref current);
            return now;
        }

        var pages = Enumerable.Range(0, 6).Select(_ => limiter.RunPageAsync(Enumerable.Repeat<Func<CancellationToken, Task<int>>>(Job, 10).ToList(), CancellationToken.None)).ToList();
        var results = await Task.WhenAll(pages);
        Assert.Equal(60, results.Sum(r => r.Length));
        Assert.Equal(3, max);
        Assert.Equal(0, limiter.InFlight);
    }

    [Fact]
    public async Task A_small_page_arriving_behind_a_large_one_is_served_in_turn_not_after_it()
    {
        using var limiter = new VlmRequestLimiter(1);
        var order = new ConcurrentQueue<string>();
        var firstStarted = new TaskCompletionSource();
        Func<CancellationToken, Task<string>> Job(string name) => async ct =>
        {
            order.Enqueue(name);
            firstStarted.TrySetResult();
            await Task.Delay(20, ct);
            return name;
        };

        var large = limiter.RunPageAsync(Enumerable.Range(1, 20).Select(i => Job("A" + i)).ToList(), CancellationToken.None);
        await firstStarted.Task;
        var small = limiter.RunPageAsync([Job("B1"), Job("B2")], CancellationToken.None);
        Assert.Equal(["B1", "B2"], await small);
        Assert.Equal(20, (await large).Length);

        // Slots alternate between the waiting pages: A1 A2 B1 A3 B2 …, so B is done by the fifth job, not the 22nd.
        var sequence = order.ToList();
        Assert.True(sequence.IndexOf("B2") <= 5, string.Join(' ', sequence));
        Assert.Equal(22, sequence.Count);
    }

    [Fact]
    public async Task Slots_are_given_back_when_a_page_is_cancelled()
    {
        using var limiter = new VlmRequestLimiter(2);
        using var cancel = new CancellationTokenSource();
        var jobs = Enumerable.Range(0, 8).Select(_ => (Func<CancellationToken, Task<int>>)(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        })).ToList();
        var page = limiter.RunPageAsync(jobs, cancel.Token);
        while (limiter.InFlight < 2)
        {
            await Task.Delay(5);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => page);
        Assert.Equal(0, limiter.InFlight);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
