using System.Diagnostics;
using Folio.Testing;

namespace Folio.Cli.Tests;

/// <summary>Runs the built folio command as a process, from the repository root, with the repository's models.</summary>
internal static class FolioProcess
{
    public static (int ExitCode, string Stdout, string Stderr) Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "folio.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.Environment["FOLIO_MODELS"] = RepoPaths.Models;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "folio did not finish in 5 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
