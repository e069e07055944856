using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Folio.Pipeline.Tests;

/// <summary>What a PDF holds, read back with PDFsharp and poppler's <c>pdftotext</c>.</summary>
internal static partial class PdfInspection
{
    /// <summary>Each page's content streams, decoded, in order.</summary>
    public static List<List<byte[]>> ContentStreams(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return document.Pages.Cast<PdfPage>()
            .Select(page => page.Contents.Elements.Select(item => ((PdfDictionary)((PdfReference)item).Value).Stream.UnfilteredValue).ToList())
            .ToList();
    }

    /// <summary>The images a page draws: their filter, encoded bytes and size in pixels.</summary>
    public static List<(string Filter, byte[] Bytes, int Width, int Height)> Images(byte[] pdf, int pageIndex)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var xobjects = document.Pages[pageIndex].Resources.Elements.GetDictionary("/XObject");
        return xobjects is null ? [] : xobjects.Elements.Values
            .Select(v => (PdfDictionary)((PdfReference)v!).Value)
            .Where(d => d.Elements.GetName("/Subtype") == "/Image")
            .Select(d => (d.Elements.GetName("/Filter"), d.Stream.Value, d.Elements.GetInteger("/Width"), d.Elements.GetInteger("/Height")))
            .ToList();
    }

    /// <summary>Page sizes in points, as shown (/Rotate applied).</summary>
    public static List<(double Width, double Height)> PageSizes(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return document.Pages.Cast<PdfPage>()
            .Select(p => p.Rotate % 180 == 0 ? (p.Width.Point, p.Height.Point) : (p.Height.Point, p.Width.Point))
            .ToList();
    }

    /// <summary>What <c>pdftotext</c> reads (pages separated by form feeds).</summary>
    public static string Text(string path, params string[] options) => Run("pdftotext", [.. options, path, "-"]);

    /// <summary>The words <c>pdftotext -bbox</c> finds, with their boxes in points on the page as shown.</summary>
    public static List<(string Text, double XMin, double YMin, double XMax, double YMax)> Words(string path) =>
        WordBox().Matches(Text(path, "-bbox"))
            .Select(m => (m.Groups[5].Value, Number(m, 1), Number(m, 2), Number(m, 3), Number(m, 4)))
            .ToList();

    private static double Number(Match m, int group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static string Run(string tool, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"{tool} did not finish");
        Assert.True(process.ExitCode == 0, $"{tool} failed: {errors.Result}");
        return output.Result;
    }

    [GeneratedRegex("<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">([^<]*)</word>")]
    private static partial Regex WordBox();
}
