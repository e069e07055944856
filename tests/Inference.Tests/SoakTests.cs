using Folio.Pipeline;
using Folio.Soak;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Inference.Tests;

/// <summary>
/// The soak run of bench/soak.sh in a bounded form (<c>--filter Category=Soak</c>): documents submitted at once through
/// the orchestrator on DurableTask.AzureStorage (Azurite) against the real inference service in its own process on a
/// loopback port, killed (SIGKILL) mid-page and started again on the same port, with bad documents among them. The
/// rule for "exactly once" is <see cref="SoakReport"/>'s: one result per good page, stored once; work begun again only
/// for a page whose call a kill cut.
/// </summary>
[Collection(SoakGroup.Name)]
[Trait("Category", "Soak")]
public sealed class SoakTests(ITestOutputHelper output)
{
    [AzuriteModelsFact]
    public async Task DocumentsAtOnce_ServiceKilledMidPage_NoPageLostOrReadTwice_BadDocumentsFailWithTheirReason()
    {
        var settings = new SoakSettings
        {
            Documents = 6,
            BadDocuments = 2,
            Restarts = 1,
            // One page in flight per document keeps the busy answers (429) few: past 100 calls in the resilience
            // handler's sampling window, 429s open its circuit breaker, whose rejections count as page faults and can
            // exhaust a page's retries. The full bench (bench/soak.sh) shows that; this test is about kills.
            PagesInFlightPerDocument = 1,
            Deadline = TimeSpan.FromMinutes(4),
            RepositoryRoot = RepoPaths.Root,
            ServiceAssembly = Path.Combine(AppContext.BaseDirectory, "Folio.Inference.dll"),
        };

        var report = SoakReport.Of(await SoakRun.RunAsync(settings, output.WriteLine));

        foreach (var line in report.Lines())
        {
            output.WriteLine(line);
        }

        Assert.Empty(report.Violations);
        Assert.Equal(0, report.Stuck);
        Assert.Equal(0, report.PagesLost);
        Assert.Equal(0, report.PagesReadTwice);
        Assert.Equal(report.GoodPages, report.PagesReadOnce);
        var kill = Assert.Single(report.Result.Kills);
        Assert.True(kill.CallsInFlight > 0, "the kill cut no call: the test proves nothing");
        Assert.All(report.Result.Documents.Where(d => !d.Document.IsGood), d =>
        {
            Assert.Equal(DocumentStatus.Failed, d.Outcome?.Status);
            Assert.Contains(d.Document.ExpectedReason!, d.Outcome!.Reason, StringComparison.OrdinalIgnoreCase);
        });
    }
}

/// <summary>The soak test runs alone: other tests' work would take its cores and its memory figures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakGroup
{
    public const string Name = "Soak";
}
