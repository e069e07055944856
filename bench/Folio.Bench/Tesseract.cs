using System.Diagnostics;

namespace Folio.Bench;

/// <summary>Runs the tesseract command on one image, single-threaded (OMP_THREAD_LIMIT=1).</summary>
internal static class Tesseract
{
    public static string Read(string imagePath)
    {
        var start = new ProcessStartInfo("tesseract", [imagePath, "stdout", "-l", "eng"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tesseract did not start: apt-get install tesseract-ocr");
        var text = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"tesseract exited {process.ExitCode} on {imagePath}");
    }
}
