using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Folio.Testing;

namespace Folio.Functions.Tests;

/// <summary>
/// scripts/func-local.sh, run in a copy of the repository's files it reads: it writes the settings once and never
/// overwrites them, and starts Azurite and s3rver where the settings point (free loopback ports here, so a developer's
/// own servers are left alone), then stops only what it started.
/// </summary>
public sealed class FuncLocalScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("folio-func-local-").FullName;

    public FuncLocalScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "scripts"));
        Directory.CreateDirectory(Path.Combine(_root, "src", "Functions"));
        Directory.CreateDirectory(Path.Combine(_root, "tools"));
        File.Copy(Path.Combine(RepoPaths.Root, "scripts", "func-local.sh"), Path.Combine(_root, "scripts", "func-local.sh"));
        File.Copy(Path.Combine(RepoPaths.Root, "local.settings.sample.json"), Path.Combine(_root, "local.settings.sample.json"));
        File.CreateSymbolicLink(Path.Combine(_root, "tools", "node_modules"), Path.Combine(RepoPaths.Root, "tools", "node_modules"));
    }

    private string Settings => Path.Combine(_root, "src", "Functions", "local.settings.json");

    [NodeToolsFact]
    public async Task Writes_the_settings_from_the_sample_once_and_then_keeps_them()
    {
        var (code, output) = await RunAsync("--no-start");
        Assert.True(code == 0, output);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(_root, "local.settings.sample.json")), await File.ReadAllTextAsync(Settings));
        Assert.Contains("wrote src/Functions/local.settings.json", output, StringComparison.Ordinal);
        // Azurite and s3rver: "would start", or "already listens" where scripts/test.sh runs them.
        Assert.Contains("Azurite", output, StringComparison.Ordinal);
        Assert.Contains("s3rver", output, StringComparison.Ordinal);
        Assert.Contains("func start", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, ".folio")), "--no-start started something");

        await File.WriteAllTextAsync(Settings, "{\"Values\": {\"FOLIO_INFERENCE_URL\": \"http://127.0.0.1:9999/\"}}");
        (code, output) = await RunAsync("--no-start");
        Assert.True(code == 0, output);
        Assert.Contains("kept src/Functions/local.settings.json", output, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9999", output, StringComparison.Ordinal);
        Assert.Contains("9999", await File.ReadAllTextAsync(Settings), StringComparison.Ordinal);
    }

    [NodeToolsFact]
    public async Task Starts_azurite_and_s3rver_where_the_settings_point_and_stops_them()
    {
        int blob = Loopback.FreePort(), queue = Loopback.FreePort(), table = Loopback.FreePort(), s3 = Loopback.FreePort();
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_root, "local.settings.sample.json")))!;
        sample["Values"]!["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
        sample["Values"]!["FOLIO_S3_ENDPOINT"] = $"http://127.0.0.1:{s3}";
        await File.WriteAllTextAsync(Path.Combine(_root, "local.settings.sample.json"), sample.ToJsonString());
        try
        {
            var (code, output) = await RunAsync();
            Assert.True(code == 0, output);
            Assert.All(new[] { blob, queue, table, s3 }, port => Assert.True(Loopback.IsListening(port), $"nothing on {port}:\n{output}"));
            Assert.Contains("started Azurite", output, StringComparison.Ordinal);

            // The bucket the sample allows exists in s3rver.
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{s3}/folio-test"))).StatusCode);

            // A second run finds them running and starts nothing.
            (code, output) = await RunAsync();
            Assert.True(code == 0, output);
            Assert.DoesNotContain("started Azurite", output, StringComparison.Ordinal);
            Assert.DoesNotContain("started s3rver", output, StringComparison.Ordinal);
            Assert.Contains($"already listens on 127.0.0.1:{s3}", output, StringComparison.Ordinal);
        }
        finally
        {
            var (code, output) = await RunAsync("--stop");
            Assert.True(code == 0, output);
        }

        foreach (var port in new[] { blob, s3 })
        {
            for (var i = 0; i < 50 && Loopback.IsListening(port); i++)
            {
                await Task.Delay(100);
            }

            Assert.False(Loopback.IsListening(port), $"still listening on {port} after --stop");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(_root, "scripts", "func-local.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        // The servers it starts inherit no pipe (their output goes to log files), so reading to the end returns.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Needs node and Azurite and s3rver in tools/node_modules (scripts/test.sh installs them); skipped otherwise.</summary>
    private sealed class NodeToolsFactAttribute : FactAttribute
    {
        public NodeToolsFactAttribute()
        {
            var modules = Path.Combine(RepoPaths.Root, "tools", "node_modules");
            var node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "node")));
            if (!node || !File.Exists(Path.Combine(modules, "azurite", "dist", "src", "azurite.js")) || !File.Exists(Path.Combine(modules, "s3rver", "bin", "s3rver.js")))
            {
                Skip = "node, or Azurite and s3rver in tools/node_modules, are missing: run scripts/test.sh.";
            }
        }
    }
}
