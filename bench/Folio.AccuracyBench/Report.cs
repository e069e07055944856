using System.Globalization;

namespace Folio.AccuracyBench;

/// <summary>Prints the scores: per page, medians per set × condition × reader, speed, and Folio / Tesseract ratios.</summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void PerPage(IReadOnlyList<Score> scores)
    {
        Console.WriteLine();
        Console.WriteLine("per page (errors against the PDF text layer; layout from the text layer: 1col, 2col or mixed):");
        Console.WriteLine($"{"set",-9} {"page",-28} {"layout",-6} {"words",5} {"condition",-9} {"reader",-18} {"CER",8} {"CER nosp",8} {"word err",8}");
        foreach (var s in scores)
        {
            Console.WriteLine(string.Create(Inv, $"{s.Page.Set,-9} {s.Page.Name,-28} {ColumnShape.Label(s.Page.SpanningShare),-6} {s.Page.Words,5} {s.Condition,-9} {s.Reader,-18} {Percent(s.Cer),8} {Percent(s.CerWithoutSpaces),8} {Percent(s.WordError),8}"));
        }
    }

    public static void Medians(IReadOnlyList<Score> scores)
    {
        Console.WriteLine();
        Console.WriteLine("medians (CER: order-aware, whitespace collapsed; CER nosp: every space removed; word err: 1 - F1 over bags of words):");
        Console.WriteLine($"{"set",-9} {"condition",-9} {"reader",-18} {"pages",5} {"CER",8} {"CER nosp",8} {"word err",8} {"worst CER",9}");
        foreach (var group in scores.GroupBy(s => (s.Page.Set, s.Condition, s.Reader)))
        {
            var (set, condition, reader) = group.Key;
            Console.WriteLine(string.Create(Inv, $"{set,-9} {condition,-9} {reader,-18} {group.Count(),5} {Percent(Score.Median(group.Select(s => s.Cer))),8} {Percent(Score.Median(group.Select(s => s.CerWithoutSpaces))),8} {Percent(Score.Median(group.Select(s => s.WordError))),8} {Percent(group.Max(s => s.Cer)),9}"));
        }
    }

    public static void Speed(IReadOnlyList<ReadBatch> batches)
    {
        Console.WriteLine();
        Console.WriteLine($"speed ({Environment.ProcessorCount} pages at a time, one thread each; Folio's time includes decoding the image):");
        Console.WriteLine($"{"reader",-18} {"condition",-9} {"pages",5} {"seconds",8} {"pages/s",8} {"cpu s/page",10}");
        foreach (var batch in batches)
        {
            Console.WriteLine(string.Create(Inv, $"{batch.Reader,-18} {batch.Condition,-9} {batch.Texts.Length,5} {batch.Seconds,8:F1} {batch.Texts.Length / batch.Seconds,8:F3} {batch.CpuSeconds / batch.Texts.Length,10:F2}"));
        }
    }

    /// <summary>Each Folio engine's median against Tesseract's on the same pages: below 1 is better than Tesseract.</summary>
    public static void Ratios(IReadOnlyList<Score> scores, IReadOnlyList<string> engines)
    {
        Console.WriteLine();
        Console.WriteLine("Folio / Tesseract, ratio of medians (below 1: Folio makes fewer errors):");
        Console.WriteLine($"{"set",-9} {"condition",-9} {"engine",-18} {"CER",7} {"CER nosp",8} {"word err",8}");
        foreach (var group in scores.Where(s => s.Reader == Readers.TesseractName).GroupBy(s => (s.Page.Set, s.Condition)))
        {
            var tesseract = group.ToList();
            foreach (var engine in engines)
            {
                var folio = scores.Where(s => s.Reader == engine && s.Page.Set == group.Key.Set && s.Condition == group.Key.Condition).ToList();
                Console.WriteLine(string.Create(Inv, $"{group.Key.Set,-9} {group.Key.Condition,-9} {engine,-18} {Ratio(folio, tesseract, s => s.Cer),7} {Ratio(folio, tesseract, s => s.CerWithoutSpaces),8} {Ratio(folio, tesseract, s => s.WordError),8}"));
            }
        }
    }

    private static string Ratio(List<Score> folio, List<Score> tesseract, Func<Score, double> metric)
    {
        var below = Score.Median(tesseract.Select(metric));
        return below > 0 ? (Score.Median(folio.Select(metric)) / below).ToString("F2", Inv) + "x" : "n/a";
    }

    private static string Percent(double value) => (value * 100).ToString("F2", Inv) + "%";
}
