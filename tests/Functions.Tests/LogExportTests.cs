using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
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
        using var ingestion = new IngestionListener();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={ingestion.Url}",
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

        var items = await ingestion.ItemsAsync(TimeSpan.FromSeconds(20));
        Assert.Contains(items, i => i.Contains("\"MessageData\"", StringComparison.Ordinal)
            && i.Contains("Assembled", StringComparison.Ordinal)
            && i.Contains("doc-log-export-test", StringComparison.Ordinal));
    }

    /// <summary>An Application Insights ingestion endpoint on a loopback port: keeps each telemetry item it is sent.</summary>
    private sealed class IngestionListener : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<string> _items = [];
        private readonly Task _loop;

        public IngestionListener()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public async Task<IReadOnlyList<string>> ItemsAsync(TimeSpan wait)
        {
            for (var waited = TimeSpan.Zero; waited < wait; waited += TimeSpan.FromMilliseconds(100))
            {
                lock (_items)
                {
                    if (_items.Count > 0)
                    {
                        return [.. _items];
                    }
                }

                await Task.Delay(100);
            }

            return [];
        }

        public void Dispose()
        {
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var body = context.Request.InputStream;
                using var reader = new StreamReader(context.Request.Headers["Content-Encoding"] == "gzip" ? new GZipStream(body, CompressionMode.Decompress) : body);
                var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                lock (_items)
                {
                    _items.AddRange(lines);
                }

                var answer = System.Text.Encoding.UTF8.GetBytes($"{{\"itemsReceived\":{lines.Length},\"itemsAccepted\":{lines.Length},\"errors\":[]}}");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
        }
    }
}
