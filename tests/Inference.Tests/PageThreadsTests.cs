namespace Folio.Inference.Tests;

public sealed class PageThreadsTests
{
    // A page holds a pool thread while it is read; with fewer threads than slots, admitted pages wait for a thread
    // that the pool adds only every half second, and the slots above the pool's size stay idle.
    [Fact]
    public async Task Every_page_slot_has_a_pool_thread_ready_beside_one_per_core()
    {
        const int slots = 300;
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:MaxPagesInFlight"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= slots + Environment.ProcessorCount, $"the pool keeps {workers} threads ready for {slots} page slots");
    }
}
