using System.Diagnostics;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Viewer.Tests;

/// <summary>
/// The viewer in headless Chromium, driven by playwright-core from browser/viewer-check.mjs, against the real
/// service on loopback. Screenshots go to artifacts/test-screenshots/.
/// </summary>
public sealed class ViewerBrowserTests(ITestOutputHelper output)
{
    [BrowserFact]
    public async Task The_viewer_reads_a_scanned_page_shows_its_lines_and_text_and_reports_bad_files()
    {
        using var service = new ViewerService();
        var address = await service.StartReadyAsync();
        var screenshots = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts", "test-screenshots")).FullName;
        var script = Path.Combine(RepoPaths.Root, "tests", "Viewer.Tests", "browser", "viewer-check.mjs");

        var start = new ProcessStartInfo(Browser.Node!, [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.Environment["FOLIO_URL"] = address.ToString();
        start.Environment["PLAYWRIGHT_CORE"] = Browser.PlaywrightCore;
        start.Environment["CHROMIUM"] = Browser.Chromium;
        start.Environment["SAMPLE"] = Path.Combine(RepoPaths.Samples, "scanned-page.jpg");
        start.Environment["PDF"] = Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf");
        start.Environment["BAD_FILE"] = Path.Combine(RepoPaths.BadInputs, "html-named.pdf");
        start.Environment["SCREENSHOTS"] = screenshots;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the browser script did not finish in 4 minutes:\n{await stdout}\n{await stderr}");
        }

        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(process.ExitCode == 0, $"browser checks failed (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");
        Assert.True(File.Exists(Path.Combine(screenshots, "viewer-1280x800.png")), "no screenshot");
    }
}
