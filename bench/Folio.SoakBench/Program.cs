using System.Globalization;
using Folio.Bench;
using Folio.Soak;

// folio-soak-bench [--documents N=28] [--bad N=min(7, N/4)] [--restarts K=3] [--dpi N=100] [--downtime SECONDS=3] [--deadline MINUTES=10]
// N documents at once through the orchestrator on Azurite against the real inference service, killed and started
// again K times; prints the figures and exits 1 when a check fails. Run by bench/soak.sh (which starts Azurite).
var defaults = new SoakSettings { RepositoryRoot = ".", ServiceAssembly = "." };
int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

var documents = Option("--documents", defaults.Documents);
var settings = new SoakSettings
{
    Documents = documents,
    BadDocuments = Option("--bad", Math.Min(BadDocuments.Expected.Count, documents / 4)),
    Restarts = Option("--restarts", defaults.Restarts),
    Dpi = Option("--dpi", defaults.Dpi),
    Downtime = TimeSpan.FromSeconds(Option("--downtime", (int)defaults.Downtime.TotalSeconds)),
    Deadline = TimeSpan.FromMinutes(Option("--deadline", (int)defaults.Deadline.TotalMinutes)),
    RepositoryRoot = Environment.GetEnvironmentVariable("FOLIO_ROOT") ?? Directory.GetCurrentDirectory(),
    ServiceAssembly = Path.Combine(AppContext.BaseDirectory, "Folio.Inference.dll"),
};

Console.WriteLine($"machine: {Machine.Describe()}");
Console.WriteLine($"soak: {settings.Documents} documents ({settings.BadDocuments} bad), {settings.Restarts} service restarts, page retries: "
    + $"{SoakRun.Retry.MaxAttempts} attempts, {SoakRun.Retry.FirstDelay.TotalSeconds:F0} s growing ×{SoakRun.Retry.BackoffCoefficient} to {SoakRun.Retry.MaxDelay.TotalSeconds:F0} s");
var result = await SoakRun.RunAsync(settings, line => Console.WriteLine(line));
var report = SoakReport.Of(result);
foreach (var line in report.Lines())
{
    Console.WriteLine(line);
}

Console.WriteLine(report.Violations.Count == 0 ? "checks: all passed" : $"checks: {report.Violations.Count} failed");
foreach (var violation in report.Violations)
{
    Console.WriteLine("  " + violation);
}

return report.Violations.Count == 0 ? 0 : 1;
