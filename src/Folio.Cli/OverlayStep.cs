using System.Text.Json;
using Folio.Overlay;

namespace Folio.Cli;

/// <summary><c>--overlay</c>: one picture per read page, from the document JSON just written and the source again.</summary>
internal static class OverlayStep
{
    /// <summary>Writes the pictures into <paramref name="outDir"/> and returns their paths; problems are told on stderr, never fatal.</summary>
    public static IReadOnlyList<string> Write(string sourcePath, string jsonPath, string outDir, int dpi)
    {
        try
        {
            var pages = PageOverlayWriter.ReadPages(jsonPath);
            return PageOverlayWriter.Write(sourcePath, pages, outDir, dpi, warning => Console.Error.WriteLine($"folio: {warning}"));
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"folio: no overlays: {ex.Message}");
            return [];
        }
    }
}
