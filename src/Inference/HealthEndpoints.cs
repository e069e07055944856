using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// The probes, on ASP.NET Core's health checks: <c>/healthz</c> (liveness: the process answers, and no PDF render it
/// gave up on runs on and on: <see cref="RunawayRenderHealthCheck"/>) and <c>/readyz</c> (readiness:
/// <see cref="EngineHealthCheck"/> and <see cref="VlmHealthCheck"/>). Neither needs the API
/// key. A check's description is what anyone may see (the phase); its <c>reason</c> datum, with exception text or the
/// VLM server's address, is shown only to trusted callers (<see cref="ApiKeyMiddleware.IsTrusted"/>).
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>Tag of the checks behind <c>/readyz</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag of the checks behind <c>/healthz</c>.</summary>
    public const string LiveTag = "live";

    /// <summary>Data key of the detailed reason, for trusted callers.</summary>
    public const string ReasonKey = "reason";

    private const string EngineCheck = "engine";
    private const string VlmCheck = "vlm";
    private const string RendersCheck = "renders";

    public static IServiceCollection AddFolioHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<EngineHealthCheck>(EngineCheck, tags: [ReadyTag])
            .AddCheck<VlmHealthCheck>(VlmCheck, tags: [ReadyTag])
            .AddCheck<RunawayRenderHealthCheck>(RendersCheck, tags: [LiveTag]);
        return services;
    }

    public static void MapFolioHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(report.Status == HealthStatus.Healthy
                ? new LivenessAnswer("alive")
                : new LivenessAnswer("not alive") { Reason = report.Entries[RendersCheck].Description }),
        });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        });
    }

    // Ready: 200 with the device (and, for trusted callers, the VLM server). Not: 503 with the first failed check's
    // reason, the engine's before the VLM server's (ppocr feeds the VLM its regions).
    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<InferenceOptions>>().Value;
        var trusted = ApiKeyMiddleware.IsTrusted(context, options);
        report.Entries.TryGetValue(EngineCheck, out var engine);
        report.Entries.TryGetValue(VlmCheck, out var vlm);
        if (report.Status != HealthStatus.Healthy)
        {
            var failed = engine.Status != HealthStatus.Healthy ? engine : vlm;
            var reason = trusted
                ? failed.Data.TryGetValue(ReasonKey, out var detail) ? detail as string : failed.Exception?.Message
                : failed.Exception is null ? failed.Description : "the readiness check failed";
            return context.Response.WriteAsJsonAsync(new ReadinessAnswer("not ready") { Reason = reason ?? failed.Description });
        }

        return context.Response.WriteAsJsonAsync(new ReadinessAnswer("ready")
        {
            Device = engine.Data.TryGetValue(EngineHealthCheck.DeviceKey, out var device) ? device as string : null,
            Vlm = trusted && vlm.Data.TryGetValue(VlmHealthCheck.ServerKey, out var server) ? server as VlmServerAnswer : null,
        });
    }
}

/// <summary>The body of <c>/healthz</c>: <c>alive</c>, or <c>not alive</c> (503) with the reason.</summary>
internal sealed record LivenessAnswer(string Status)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}

/// <summary>The body of <c>/readyz</c>: <c>ready</c> with the device, or <c>not ready</c> with the reason.</summary>
internal sealed record ReadinessAnswer(string Status)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Device { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VlmServerAnswer? Vlm { get; init; }
}

/// <summary>The VLM server <c>/readyz</c> names to trusted callers.</summary>
internal sealed record VlmServerAnswer(string Server, string Model, string Backend);

/// <summary>
/// Ready when the ppocr engine is loaded and warm: its layout feeds the VLM, and it is the fallback. Not ready: the
/// phase as description, the state (with the exception's message after a failed load) as reason.
/// </summary>
internal sealed class EngineHealthCheck(EngineHost host) : IHealthCheck
{
    /// <summary>Data key of the execution provider.</summary>
    public const string DeviceKey = "device";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.Engine is { IsWarm: true } engine
            ? HealthCheckResult.Healthy("ready", new Dictionary<string, object> { [DeviceKey] = engine.Info.Device.Provider })
            : HealthCheckResult.Unhealthy(host.Phase, data: new Dictionary<string, object> { [HealthEndpoints.ReasonKey] = host.State }));
}

/// <summary>
/// With a VLM server configured, ready when the server answers and lists the model (Folio.Vlm's <see cref="Folio.Vlm.VlmProbe"/>,
/// cached a few seconds); without one, nothing to check.
/// </summary>
internal sealed class VlmHealthCheck(EngineHost host) : IHealthCheck
{
    /// <summary>Data key of the server's address, model and backend.</summary>
    public const string ServerKey = "server";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (host.Vlm is not { } vlm)
        {
            return HealthCheckResult.Healthy("no VLM server configured");
        }

        var status = await vlm.Probe.CheckAsync(cancellationToken);
        return status.Ready
            ? HealthCheckResult.Healthy("ready", new Dictionary<string, object> { [ServerKey] = new VlmServerAnswer(vlm.Info.ServerUrl, vlm.Info.Model, vlm.Info.Backend) })
            : HealthCheckResult.Unhealthy("the VLM server is not usable", data: new Dictionary<string, object> { [HealthEndpoints.ReasonKey] = status.Reason });
    }
}
