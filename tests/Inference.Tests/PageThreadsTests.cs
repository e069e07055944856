using Microsoft.Extensions.Options;

namespace Folio.Inference.Tests;

public sealed class PageThreadsTests
{
    // A page holds a pool thread while it is read, and on the GPU a second one while its lines are read beside the
    // classifier; with fewer threads than that, admitted pages wait for a thread that the pool adds only every half
    // second, and the slots above the pool's size stay idle.
    [Fact]
    public async Task Every_page_slot_has_two_pool_threads_ready_beside_one_per_core()
    {
        const int slots = 300;
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:MaxPagesInFlight"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= (2 * slots) + Environment.ProcessorCount, $"the pool keeps {workers} threads ready for {slots} page slots");
    }

    // Services start side by side in one process (test hosts do): a small one starting beside a large one must not
    // lower the threads the large one asked for.
    [Fact]
    public void Services_starting_together_keep_the_largest_number_of_threads_ready()
    {
        const int large = 400;
        ThreadPool.GetMinThreads(out _, out var completions);
        for (var round = 1; round <= 5_000; round++)
        {
            ThreadPool.SetMinThreads(Environment.ProcessorCount, completions);
            using var start = new Barrier(4);
            var sizes = new[] { 1, 1, large, 1 };
            var slots = new PageSlots[sizes.Length];
            Parallel.For(0, sizes.Length, new ParallelOptions { MaxDegreeOfParallelism = sizes.Length }, i =>
            {
                start.SignalAndWait();
                slots[i] = new PageSlots(Options.Create(new InferenceOptions { MaxPagesInFlight = sizes[i] }));
            });
            foreach (var slot in slots)
            {
                slot.Dispose();
            }

            ThreadPool.GetMinThreads(out var workers, out _);
            Assert.True(workers >= (2 * large) + Environment.ProcessorCount, $"round {round}: the pool keeps {workers} threads ready for {large} page slots");
        }
    }
}
