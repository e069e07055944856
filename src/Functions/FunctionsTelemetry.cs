using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Folio.Pipeline;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Folio.Functions;

/// <summary>
/// OpenTelemetry of the Functions worker: the invocation spans of the Functions host, the pipeline's spans
/// (<see cref="PipelineTelemetry"/>) and outgoing HTTP calls (which carry <c>traceparent</c> to the inference
/// service); the pipeline's metrics; the worker's logs, with their scopes (<c>JobId</c>, <c>PageNumber</c>) as
/// attributes. <c>UseFunctionsWorkerDefaults</c> tells the host to stop emitting telemetry for the worker, so the worker
/// exports all three itself: to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (with the
/// managed identity when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> asks for it), and over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class FunctionsTelemetry
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        // Local auth is off on the component in Azure: the exporter then signs in with the app's identity.
        var credential = configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true
            ? new DefaultAzureCredential()
            : null;
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing =>
            {
                tracing.AddSource(PipelineTelemetry.Name).AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights, credential);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PipelineTelemetry.Name).AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = appInsights, credential);
                }
            })
            .WithLogging(
                logging =>
                {
                    if (!string.IsNullOrWhiteSpace(appInsights))
                    {
                        logging.AddAzureMonitorLogExporter(o => o.ConnectionString = appInsights, credential);
                    }
                },
                options => options.IncludeScopes = true);
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }
}
