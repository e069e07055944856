using System.Diagnostics;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Documents.Tests;

/// <summary>
/// poppler's calls within their time (<see cref="DocumentLimits.MaxParseTime"/>, <see cref="DocumentLimits.MaxRenderTime"/>):
/// past it the caller gets <see cref="DocumentErrorKind.TooComplex"/> at once, and the call, which cannot be stopped,
/// runs on, listed by <see cref="NativeWatchdog.Overruns"/> until it ends. The tests of this class run one after
/// another and each waits for its abandoned calls to end.
/// </summary>
public class RenderBudgetTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    // A timed wait may end a few milliseconds before a stopwatch started just ahead of it says the time is up.
    private static readonly TimeSpan Early = TimeSpan.FromMilliseconds(50);

    // 14⁵ nested triangles: 3–4 s to render on a 2-core machine, well past the budgets below also on a faster one
    // (the default 12⁵ took 1.6 s, under the four budgets the first test asks of it).
    private const int HeavyFanOut = 14;

    // Each test starts once the calls an earlier one abandoned have ended (also after a failure), so none sees another's.
    private readonly TimeSpan _earlierCallsEnded = WaitForOverrunsToEnd();

    [Fact]
    public void A_page_slower_than_MaxRenderTime_is_too_complex_at_the_budget_and_its_render_is_listed_until_it_ends()
    {
        var budget = TimeSpan.FromSeconds(0.5);
        var limits = DocumentLimits.Default with { MaxRenderTime = budget };
        var clock = Stopwatch.StartNew();
        using (var document = DocumentOpener.Open(TestPdfs.SlowToRender(HeavyFanOut), limits))
        {
            clock.Restart();
            var error = Assert.Throws<DocumentException>(() => document.RenderPage(0, 150));
            var refusedAfter = clock.Elapsed;

            Assert.Equal(DocumentErrorKind.TooComplex, error.Kind);
            Assert.Contains("longer than 0.5 s to render", error.Message, StringComparison.Ordinal);
            Assert.InRange(refusedAfter, budget - Early, budget + Slack);
            var overrun = Assert.Single(NativeWatchdog.Overruns());
            Assert.Equal(("PDF page render", budget), (overrun.What, overrun.Budget));

            // The document's next render waits for its turn no longer than its own budget.
            clock.Restart();
            Assert.Equal(DocumentErrorKind.TooComplex, Assert.Throws<DocumentException>(() => document.RenderPage(0, 72)).Kind);
            Assert.InRange(clock.Elapsed, budget - Early, budget + Slack);
        }

        // Disposed while its render runs: poppler's document is freed when the render ends, not under it.
        var renderTime = WaitForOverrunsToEnd();
        output.WriteLine($"refused after {budget.TotalSeconds} s; the abandoned render ended {renderTime.TotalSeconds:F1} s after it started");
        Assert.True(renderTime > budget * 4, $"The test page rendered in {renderTime.TotalSeconds:F1} s: too fast to show an overrun.");
    }

    [Fact]
    public void A_pdf_slower_than_MaxParseTime_to_open_is_too_complex()
    {
        var budget = TimeSpan.FromMilliseconds(10);
        var bytes = TestPdfs.SlowToOpen();
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<DocumentException>(() => DocumentOpener.Open(bytes, DocumentLimits.Default with { MaxParseTime = budget }));

        Assert.Equal(DocumentErrorKind.TooComplex, error.Kind);
        Assert.Contains("longer than 0.01 s to open", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, budget - Early, budget + Slack);
        var openTime = WaitForOverrunsToEnd();
        output.WriteLine($"the abandoned open ended after {openTime.TotalMilliseconds:F0} ms");

        // Within its time the same file opens.
        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        Assert.Equal(1, document.PageCount);
    }

    [Fact]
    public void A_cancelled_caller_stops_waiting_for_its_render()
    {
        var budget = TimeSpan.FromSeconds(1);
        using var document = DocumentOpener.Open(TestPdfs.SlowToRender(HeavyFanOut), DocumentLimits.Default with { MaxRenderTime = budget });
        var clock = Stopwatch.StartNew();
        using var leaving = new CancellationTokenSource();

        // Cancelled from a thread of its own: a timed CancellationTokenSource fires on the thread pool, which the test
        // classes running alongside can starve past the budget.
        var canceller = new Thread(() =>
        {
            Thread.Sleep(50);
            leaving.Cancel();
        });
        canceller.Start();
        Assert.ThrowsAny<OperationCanceledException>(() => document.RenderPage(0, 150, leaving.Token));
        canceller.Join();

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(50) - Early, budget);
        Thread.Sleep(budget + TimeSpan.FromSeconds(0.2) - clock.Elapsed); // past its budget the render, still running, is listed
        Assert.Single(NativeWatchdog.Overruns());
        WaitForOverrunsToEnd();
    }

    [PdfFact]
    public void Pages_within_their_time_render_as_before()
    {
        using var document = DocumentOpener.Open(TestFiles.Pdf, DocumentLimits.Default with { MaxRenderTime = TimeSpan.FromSeconds(20) });
        var page = document.RenderPage(0, 72);

        Assert.True(page.Width > 500);
        Assert.Empty(NativeWatchdog.Overruns());
    }

    // Waits (at most two minutes) until no call runs past its budget; returns how long the longest one ran.
    private static TimeSpan WaitForOverrunsToEnd()
    {
        var longest = TimeSpan.Zero;
        var deadline = Stopwatch.StartNew();
        while (NativeWatchdog.Overruns() is { Count: > 0 } running)
        {
            longest = running[0].Elapsed;
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "An abandoned call still runs after two minutes.");
            Thread.Sleep(50);
        }

        return longest;
    }
}
