using System.IO.Compression;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Folio.Functions.Tests;

/// <summary>
/// The worker's logs reach Application Insights (the host no longer sends them once the worker exports its own
/// telemetry): the worker's telemetry setup, with a connection string whose ingestion endpoint is a loopback listener,
/// posts a message item that carries the log's scope.
/// </summary>
public sealed class LogExportTests
{
    [Fact]
    public async Task Worker_logs_are_exported_to_application_insights_with_their_scope()
    {
        // An Application Insights ingestion endpoint on a loopback port.
        using var ingestion = new LoopbackReceiver();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:{ingestion.Port}/",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        FunctionsTelemetry.Add(services, configuration);

        // Disposing the container shuts the logger provider down, which exports what it holds.
        await using (var provider = services.BuildServiceProvider())
        {
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Folio.Pipeline.LogExportTest");
            using (logger.BeginScope(new Dictionary<string, object> { ["JobId"] = "doc-log-export-test" }))
            {
                logger.LogWarning("Assembled {Pages} pages of the test document", 3);
            }
        }

        await ingestion.WaitForAsync(requests => requests.SelectMany(Items).Any(i => i.Contains("\"MessageData\"", StringComparison.Ordinal)
            && i.Contains("Assembled", StringComparison.Ordinal)
            && i.Contains("doc-log-export-test", StringComparison.Ordinal)));
    }

    // The telemetry items of a request the ingestion endpoint took (gzip-compressed newline-delimited JSON).
    private static string[] Items(ReceivedRequest request)
    {
        using var body = new MemoryStream(request.Body);
        using var reader = new StreamReader(request.Headers.TryGetValue("Content-Encoding", out var encoding) && encoding == "gzip" ? new GZipStream(body, CompressionMode.Decompress) : body);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
