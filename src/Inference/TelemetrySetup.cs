using Folio.Ocr;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Folio.Inference;

/// <summary>
/// OpenTelemetry for the service: traces of the sources <c>Folio.Inference</c> and <c>Folio.Ocr</c> under the ASP.NET Core
/// request span (an incoming W3C <c>traceparent</c> is its parent), metrics of the meters of the same names plus ASP.NET
/// Core's, scraped at <c>/metrics</c>. Exporters: OTLP (traces, metrics, logs) when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set, console (traces) when <c>Telemetry:Console</c> is true, none otherwise; tests add theirs.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>Service name in the resource, unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "folio-inference";

    /// <summary>The Prometheus scraping path.</summary>
    public const string MetricsPath = "/metrics";

    public static void AddFolioTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var console = configuration.GetValue<bool>("Telemetry:Console");
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(ServiceName);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(InferenceMetrics.Name, OcrTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsPlumbing(context.Request.Path))
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(InferenceMetrics.Name, OcrTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter(), options => options.IncludeScopes = true);
        }
    }

    /// <summary>
    /// Maps <c>/metrics</c> (Prometheus text format, not in the OpenAPI document): behind the API key when one is set,
    /// unless <see cref="InferenceOptions.PublicMetrics"/>.
    /// </summary>
    public static void MapFolioMetrics(this WebApplication app, InferenceOptions options)
    {
        var metrics = app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription();
        if (!options.PublicMetrics)
        {
            metrics.RequireApiKey();
        }
    }

    // Probes and scrapes are not traced: they would bury the page requests.
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.Ordinal)
        || path.StartsWithSegments("/healthz", StringComparison.Ordinal)
        || path.StartsWithSegments("/readyz", StringComparison.Ordinal);
}
