using Folio.Testing;

namespace Folio.Viewer.Tests;

/// <summary>What the browser tests need: Node.js, Chromium and playwright-core (scripts/test.sh installs it into tools/).</summary>
internal static class Browser
{
    public static string PlaywrightCore => Path.Combine(RepoPaths.Root, "tools", "node_modules", "playwright-core");

    public static string? Chromium { get; } = new[] { Environment.GetEnvironmentVariable("FOLIO_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static string? Node { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, "node")).FirstOrDefault(File.Exists);

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? Missing =>
        !RepoPaths.ModelsPresent ? $"OCR models missing in {RepoPaths.Models}: run scripts/fetch-models.sh."
        : Node is null ? "Node.js is not on PATH."
        : Chromium is null ? "Chromium is missing: apt-get install chromium (or set FOLIO_CHROMIUM)."
        : !File.Exists(Path.Combine(PlaywrightCore, "package.json")) ? "playwright-core is missing: (cd tools && npm install), as scripts/test.sh does."
        : null;
}

/// <summary>A fact that drives the viewer in headless Chromium; skipped with the reason when something is missing.</summary>
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
