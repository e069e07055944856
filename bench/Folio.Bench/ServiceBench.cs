using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Folio.Testing;

namespace Folio.Bench;

/// <summary>
/// Throughput of a running inference service over HTTP: PNG pages posted to <c>/v1/ocr</c> with N in flight,
/// pages/s, latency, stage times from the answers, median CER when the page's text is beside it (NAME.txt), and the
/// GPU's utilisation and memory sampled by nvidia-smi while the pages run, when the machine has one, and the host's busy
/// cores (by the service's thread groups when FOLIO_SERVICE_PID names its process, see <see cref="HostCpu"/>).
/// Usage: folio-bench service URL DIR [in flight, e.g. 1,8,32] [rounds=2] (each level reads the pages that often, and at least four pages per slot)
/// </summary>
internal static class ServiceBench
{
    public static async Task RunAsync(string[] args)
    {
        var baseUri = new Uri(args[1].TrimEnd('/') + "/");
        var files = Directory.GetFiles(args[2], "*.png").Order(StringComparer.Ordinal).ToArray();
        var inFlight = args.Length > 3 ? args[3].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray() : [1, 8, 32];
        var rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2;
        var pages = files.Select(File.ReadAllBytes).ToArray();
        var truths = files.Select(f => Path.ChangeExtension(f, ".txt")).Select(t => File.Exists(t) ? File.ReadAllText(t) : null).ToArray();
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
        await WaitReadyAsync(http);
        var info = JsonDocument.Parse(await http.GetStringAsync(new Uri("v1/info", UriKind.Relative))).RootElement;
        Console.WriteLine($"service: {baseUri} {info}");

        // One pass first: warm-up, and the text for CER.
        var texts = new string[pages.Length];
        for (var i = 0; i < pages.Length; i++)
        {
            texts[i] = Text(await PostAsync(http, pages[i]));
        }

        var cers = truths.Select((t, i) => t is null ? double.NaN : TextMetrics.Cer(t, texts[i])).Where(c => !double.IsNaN(c)).Order().ToArray();
        if (cers.Length > 0)
        {
            Console.WriteLine($"median CER {cers[cers.Length / 2] * 100:F2} % over {cers.Length} pages (worst {cers[^1] * 100:F2} %)");
        }

        foreach (var workers in inFlight)
        {
            // At least four pages per slot, so that the level holds for most of the run instead of one burst and its tail.
            var total = Math.Max(pages.Length * rounds, 4 * workers);
            var latencies = new double[total];
            var stages = new Dictionary<string, double>();
            var refused = 0;
            using var gpu = GpuSampler.TryStart();
            var host = HostCpu.TryStart();
            var trace = ServiceTrace.TryStart(workers);
            var clock = Stopwatch.StartNew();
            await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (i, token) =>
            {
                var one = Stopwatch.StartNew();
                JsonElement page;
                while (true)
                {
                    try
                    {
                        page = await PostAsync(http, pages[i % pages.Length]);
                        break;
                    }
                    catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        Interlocked.Increment(ref refused);
                        await Task.Delay(50, token);
                    }
                }

                latencies[i] = one.Elapsed.TotalMilliseconds;
                lock (stages)
                {
                    foreach (var stage in page.GetProperty("provenance").GetProperty("timingsMs").EnumerateObject())
                    {
                        stages[stage.Name] = stages.GetValueOrDefault(stage.Name) + stage.Value.GetDouble();
                    }
                }
            });
            var seconds = clock.Elapsed.TotalSeconds;
            if (trace is not null)
            {
                await trace.DisposeAsync();
            }

            Array.Sort(latencies);
            Console.WriteLine($"{workers,3} in flight: {total} pages, {total / seconds:F2} pages/s, latency median {latencies[total / 2]:F0} ms, p95 {latencies[(int)(total * 0.95)]:F0} ms"
                + (refused > 0 ? $", {refused} answers 429 retried" : string.Empty)
                + $"; per page: {string.Join(", ", stages.Select(s => $"{s.Key} {s.Value / total:F1} ms"))}"
                + (gpu?.Summary() is { } summary ? $"; GPU {summary}" : string.Empty)
                + (host is null ? string.Empty : $"; {host.Summary()}"));
        }
    }

    /// <summary>Reads every page through the service with <paramref name="inFlight"/> at once: pages/s and the texts.</summary>
    public static async Task<(double PagesPerSecond, string[] Texts)> ReadAllAsync(Uri baseUri, IReadOnlyList<byte[]> pages, int inFlight)
    {
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
        await WaitReadyAsync(http);
        await PostAsync(http, pages[0]); // warm-up
        var texts = new string[pages.Count];
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, _) => texts[i] = Text(await PostAsync(http, pages[i])));
        return (pages.Count / clock.Elapsed.TotalSeconds, texts);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, byte[] png)
    {
        using var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await http.PostAsync(new Uri("v1/ocr?dpi=150", UriKind.Relative), content);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }

        return JsonDocument.Parse(await response.Content.ReadAsStreamAsync()).RootElement.Clone();
    }

    private static string Text(JsonElement page) =>
        string.Join(' ', page.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("text").GetString()));

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    Console.WriteLine($"ready after {clock.Elapsed.TotalSeconds:F1} s");
                    return;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                // Not listening yet.
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("the service did not become ready in 5 minutes");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>nvidia-smi sampling utilisation and memory every 200 ms, while it lives.</summary>
    private sealed class GpuSampler : IDisposable
    {
        private readonly Process _process;
        private readonly List<(double Utilisation, double MemoryMiB)> _samples = [];

        private GpuSampler(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) =>
            {
                var parts = e.Data?.Split(',');
                if (parts is { Length: 2 } && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var u) && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var m))
                {
                    lock (_samples)
                    {
                        _samples.Add((u, m));
                    }
                }
            };
            _process.BeginOutputReadLine();
        }

        public static GpuSampler? TryStart()
        {
            try
            {
                var start = new ProcessStartInfo("nvidia-smi", "--query-gpu=utilization.gpu,memory.used --format=csv,noheader,nounits -lms 200")
                {
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };
                return Process.Start(start) is { } process ? new GpuSampler(process) : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null; // no nvidia-smi: a CPU machine
            }
        }

        public string? Summary()
        {
            lock (_samples)
            {
                return _samples.Count == 0 ? null
                    : $"utilisation mean {_samples.Average(s => s.Utilisation):F0} % (max {_samples.Max(s => s.Utilisation):F0} %), memory max {_samples.Max(s => s.MemoryMiB):F0} MiB, {_samples.Count} samples";
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }
}
