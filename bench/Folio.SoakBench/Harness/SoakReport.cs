using System.Globalization;
using Folio.Pipeline;

namespace Folio.Soak;

/// <summary>
/// The checks of a soak run and its figures. "Exactly once": every good page gets exactly one 200 answer — one result,
/// stored once — and the service begins work on it once, plus once more for each kill that cut a call of that page
/// in flight (that work died with the process and its page was retried; nothing of it was stored). Calls refused while
/// the service was down and busy answers (429, or 503 while the models load) begin nothing.
/// </summary>
internal sealed class SoakReport
{
    private readonly List<string> _violations = [];

    private SoakReport(SoakResult result)
    {
        Result = result;
        var good = result.Documents.Where(d => d.Document.IsGood).ToList();
        var bad = result.Documents.Where(d => !d.Document.IsGood).ToList();
        GoodPages = good.Sum(d => d.Document.Pages);
        Stuck = result.Documents.Count(d => d.Stuck);
        foreach (var run in result.Documents.Where(d => d.Outcome is null))
        {
            _violations.Add($"{run.Document.Name}: {(run.Stuck ? "stuck" : "no outcome")}: {run.Error}");
        }

        foreach (var run in good.Where(d => d.Outcome is not null))
        {
            CheckGood(run, run.Outcome!);
        }

        foreach (var run in bad.Where(d => d.Outcome is not null))
        {
            CheckBad(run, run.Outcome!);
        }

        PagesStored = good.Sum(d => Math.Min(d.Document.Pages, d.Outcome?.PagesSucceeded ?? 0));
        PagesLost = GoodPages - PagesStored;
        var pages = result.Pages;
        PagesReadOnce = pages.Values.Count(p => p.Reads == 1);
        PagesReadTwice = pages.Values.Count(p => p.Reads > 1);
        PagesBegunAgain = pages.Values.Count(p => p.Begun > 1);
        PagesCutByKills = pages.Values.Count(p => p.CutByKill > 0);
        if (PagesReadOnce != GoodPages || pages.Count != GoodPages)
        {
            _violations.Add($"the service read {PagesReadOnce} pages exactly once, {pages.Count} pages were sent; the good documents have {GoodPages}");
        }

        foreach (var (key, calls) in pages)
        {
            if (calls.Reads > 1)
            {
                _violations.Add($"page {key} was read {calls.Reads} times");
            }

            if (calls.Begun > 1 + calls.CutByKill)
            {
                _violations.Add($"page {key} was begun {calls.Begun} times, and cut by a kill only {calls.CutByKill} times");
            }
        }

        if (result.Kills.Count < result.Settings.Restarts)
        {
            _violations.Add($"only {result.Kills.Count} of {result.Settings.Restarts} kills happened before the documents were done");
        }

        if (result.Settings.BadDocuments > 0 && bad.Count(d => d.Outcome?.Status == DocumentStatus.Failed) != bad.Count)
        {
            _violations.Add("not every bad document failed");
        }
    }

    public SoakResult Result { get; }

    public int GoodPages { get; }

    public int PagesStored { get; }

    public int PagesLost { get; }

    public int PagesReadOnce { get; }

    public int PagesReadTwice { get; }

    public int PagesBegunAgain { get; }

    public int PagesCutByKills { get; }

    public int Stuck { get; }

    public IReadOnlyList<string> Violations => _violations;

    public static SoakReport Of(SoakResult result) => new(result);

    /// <summary>The figures, one line each.</summary>
    public IEnumerable<string> Lines()
    {
        var r = Result;
        var s = r.Settings;
        var calls = r.Pages.Values;
        const double MiB = 1024 * 1024;
        string Mb(long bytes) => (bytes / MiB).ToString("F0", CultureInfo.InvariantCulture);
        yield return $"documents        {r.Documents.Count} submitted at once ({s.GoodDocuments} good: scans and R-intro excerpt PDFs, OCR forced, PDFs at {s.Dpi} dpi; {s.BadDocuments} bad, from tests/data/bad)";
        yield return $"                {r.Documents.Count - Stuck} ended within the {s.Deadline.TotalMinutes:F0}-minute deadline, {Stuck} stuck; "
            + $"{r.Documents.Count(d => d.Document.IsGood && d.Outcome?.Status == DocumentStatus.Succeeded)} good succeeded, "
            + $"{r.Documents.Count(d => !d.Document.IsGood && d.Outcome?.Status == DocumentStatus.Failed && Reasoned(d))} bad failed with their reason";
        yield return $"pages            {GoodPages} good pages, {PagesStored} stored; pages lost {PagesLost}";
        var ready = string.Join(", ", r.ServiceReadySeconds.Skip(1).Select(x => x.ToString("F1", CultureInfo.InvariantCulture) + " s"));
        yield return $"faults injected  {r.Kills.Count} service restarts"
            + (r.Kills.Count > 0 ? $" (SIGKILL mid-page, {s.Downtime.TotalSeconds:F0} s down, started again on the same port; ready in {ready})" : string.Empty)
            + $", {s.BadDocuments} bad documents";
        yield return $"calls            {calls.Sum(c => c.Begun + c.Busy + c.Refused)} to /v1/ocr: {calls.Sum(c => c.Reads)} read, {calls.Sum(c => c.Begun - c.Reads)} cut or failed, "
            + $"{calls.Sum(c => c.Busy)} busy (429/503), {calls.Sum(c => c.Refused)} refused while down; {r.Kills.Sum(k => k.CallsInFlight)} in flight at the kills";
        yield return $"pages read twice {PagesReadTwice} (a second result); read exactly once {PagesReadOnce}; begun again after a kill {PagesBegunAgain} (pages cut by a kill: {PagesCutByKills})";
        yield return $"memory           orchestrator working set max {Mb(r.Memory.WorkingSetMax)} MiB (first half {Mb(r.Memory.WorkingSetFirstHalfMax)}, second half {Mb(r.Memory.WorkingSetSecondHalfMax)}), "
            + $"managed heap max {Mb(r.Memory.ManagedHeapMax)} MiB; service working set max {Mb(r.Memory.ServiceWorkingSetMax)} MiB ({r.Memory.Samples} samples)";
        yield return $"wall time        {r.Wall.TotalSeconds:F1} s ({GoodPages / r.Wall.TotalSeconds:F3} good pages/s)";
        foreach (var run in r.Documents.Where(d => !d.Document.IsGood))
        {
            yield return $"  {run.Document.Name}: {run.Outcome?.Status.ToString() ?? "no outcome"}: {run.Outcome?.Reason ?? run.Error}";
        }
    }

    private static bool Reasoned(DocumentRun run) =>
        run.Outcome?.Reason?.Contains(run.Document.ExpectedReason!, StringComparison.OrdinalIgnoreCase) == true;

    private void CheckGood(DocumentRun run, DocumentOutcome outcome)
    {
        var name = run.Document.Name;
        if (outcome.Status != DocumentStatus.Succeeded || outcome.PagesSucceeded != run.Document.Pages)
        {
            _violations.Add($"{name}: {outcome.Status}, {outcome.PagesSucceeded} of {run.Document.Pages} pages; "
                + (outcome.FailedPages.Count > 0 ? string.Join("; ", outcome.FailedPages.Select(f => $"page {f.PageNumber}: {f.Reason}")) : outcome.Reason));
        }

        if (!run.Pages.Select(p => p.Index).SequenceEqual(Enumerable.Range(1, run.Document.Pages)) || run.Pages.Any(p => p.Status != "succeeded"))
        {
            _violations.Add($"{name}: its JSON holds pages [{string.Join(", ", run.Pages.Select(p => $"{p.Index} {p.Status}"))}], not pages 1 to {run.Document.Pages} succeeded");
        }
    }

    private void CheckBad(DocumentRun run, DocumentOutcome outcome)
    {
        if (outcome.Status != DocumentStatus.Failed || !Reasoned(run) || outcome.Outputs is not null)
        {
            _violations.Add($"{run.Document.Name}: {outcome.Status} ({outcome.Reason}), expected failed with \"{run.Document.ExpectedReason}\" and no outputs");
        }
    }
}
