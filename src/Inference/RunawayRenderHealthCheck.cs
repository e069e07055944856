using System.Globalization;
using Folio.Documents;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Folio.Inference;

/// <summary>
/// Liveness (<c>/healthz</c>): unhealthy while a PDF open or page render that its caller gave up on at
/// <see cref="InferenceOptions.RenderTimeoutSeconds"/> (<see cref="NativeWatchdog"/>) has run more than
/// <see cref="BudgetMultiple"/> times that long. poppler cannot be stopped: such a call keeps a core and its raster
/// until it ends, and only a new process gets them back, so the platform's liveness probe restarts the replica.
/// Each failing probe is logged.
/// </summary>
internal sealed partial class RunawayRenderHealthCheck(ILogger<RunawayRenderHealthCheck> logger) : IHealthCheck
{
    /// <summary>How many times its budget an abandoned call may run before the process counts as stuck.</summary>
    public const int BudgetMultiple = 4;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var runaway = NativeWatchdog.Overruns().FirstOrDefault(call => call.Elapsed > call.Budget * BudgetMultiple);
        if (runaway is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("alive"));
        }

        LogRunaway(logger, runaway.What, runaway.Elapsed.TotalSeconds, BudgetMultiple, runaway.Budget.TotalSeconds);
        return Task.FromResult(HealthCheckResult.Unhealthy(string.Create(
            CultureInfo.InvariantCulture,
            $"a {runaway.What} has run {runaway.Elapsed.TotalSeconds:0.#} s, more than {BudgetMultiple} × its {runaway.Budget.TotalSeconds:0.###} s budget")));
    }

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "A {What} abandoned at its budget has run {Seconds:F1} s, more than {Multiple} × its {Budget} s; liveness fails so that the replica is restarted")]
    private static partial void LogRunaway(ILogger logger, string what, double seconds, int multiple, double budget);
}
