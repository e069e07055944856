using Folio.Documents;

namespace Folio.AccuracyBench;

/// <summary>A page of a born-digital PDF chosen for the bench; its text layer is the truth.</summary>
internal sealed record SourcePage(string Set, string Name, string PdfPath, int PageIndex, string Truth, int Words, double SpanningShare);

/// <summary>Where a page's truth comes from.</summary>
internal enum TruthSource
{
    /// <summary><see cref="PdfTextLayer.ReadText"/>, the ground truth of the repository's OCR tests.</summary>
    ReadText,

    /// <summary>
    /// <see cref="TextLayerReader"/>'s words in the order the PDF draws them, column after column in LaTeX output,
    /// whatever order <see cref="PdfTextLayer.ReadText"/> keeps (PdfPig's default word extractor sorted them into rows
    /// across both columns).
    /// </summary>
    DrawingOrder,
}

/// <summary>Chooses the real pages of each set, deterministically (fixed lists, sorted paths, fixed steps).</summary>
internal static class PageSets
{
    private const string Manuals = "/usr/share/doc/r-doc-pdf/manual";
    private const string Journals = "/usr/share/doc/texlive-doc/latex";
    private const double MinProseShare = 0.6;
    private const string PublishersPackageList = "/var/lib/dpkg/info/texlive-publishers-doc.list";

    /// <summary>Dense one-column prose: R manuals (other than those bench/Folio.Bench reads first), every 7th page from page 11.</summary>
    private static readonly string[] ManualFiles = ["R-lang.pdf", "R-exts.pdf", "R-ints.pdf", "R-admin.pdf", "R-intro.pdf", "R-data.pdf"];

    /// <summary>Journal and conference class samples of texlive-publishers-doc, mostly two-column.</summary>
    private static readonly string[] JournalFiles =
    [
        "acmart/samples/sample-sigconf.pdf",
        "asmeconf/asmeconf-template.pdf",
        "revtex/sample/aps/apssamp.pdf",
        "elsarticle/elstest-5p.pdf",
        "mnras/mnras_guide.pdf",
        "aastex/sample631.pdf",
        "jacow/JACoW_LaTeX_A4.pdf",
        "asmejour/asmejour-template.pdf",
        "acmart/samples/sample-sigplan.pdf",
    ];

    /// <summary>Where a set's truth comes from, for the header of the output.</summary>
    public static string TruthOf(string set) => set == "journals"
        ? "the text layer's words in the order the PDF draws them (TextLayerReader: column after column)"
        : "PdfTextLayer.ReadText";

    public static List<SourcePage> Load(string set, int count) => set switch
    {
        "manuals" => RoundRobin(set, Existing(ManualFiles.Select(f => Path.Combine(Manuals, f)), "r-doc-pdf"), count, new Rule(FirstIndex: 10, Step: 7, MinWords: 250, OneColumnProseOnly: false, TruthSource.ReadText)),
        "journals" => RoundRobin(set, Existing(JournalFiles.Select(f => Path.Combine(Journals, f)), "texlive-publishers-doc"), count, new Rule(FirstIndex: 1, Step: 2, MinWords: 300, OneColumnProseOnly: false, TruthSource.DrawingOrder)),
        "docs" => Docs(count),
        _ => throw new ArgumentException($"unknown set {set}"),
    };

    /// <summary>
    /// One-column prose pages of at least 150 words from the other PDFs under /usr/share/doc (two levels deep, sorted,
    /// the same file through several links read once, r-doc-pdf and texlive-publishers-doc left out): up to two pages
    /// from each PDF in turn, every 3rd page from page 5.
    /// </summary>
    private static List<SourcePage> Docs(int count)
    {
        var excluded = File.Exists(PublishersPackageList) ? File.ReadLines(PublishersPackageList).ToHashSet(StringComparer.Ordinal) : [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var paths = Directory.EnumerateFiles("/usr/share/doc", "*.pdf", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 })
            .Where(p => p.Count(c => c == '/') is 5 or 6 && !p.StartsWith("/usr/share/doc/r-doc-pdf/", StringComparison.Ordinal) && !excluded.Contains(p))
            .Order(StringComparer.Ordinal)
            .Where(p => seen.Add(new FileInfo(p).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? p))
            .ToList();
        var pages = new List<SourcePage>();
        foreach (var path in paths)
        {
            if (pages.Count >= count)
            {
                break;
            }

            pages.AddRange(Scan("docs", path, new Rule(FirstIndex: 4, Step: 3, MinWords: 150, OneColumnProseOnly: true, TruthSource.ReadText)).Take(Math.Min(2, count - pages.Count)));
        }

        return pages;
    }

    /// <summary>One page from each PDF in turn, each PDF read on from where it was left, until enough are found.</summary>
    private static List<SourcePage> RoundRobin(string set, List<string> paths, int count, Rule rule)
    {
        var scans = paths.Select(p => Scan(set, p, rule).GetEnumerator()).ToList();
        var pages = new List<SourcePage>();
        while (pages.Count < count && scans.Count > 0)
        {
            foreach (var scan in scans.ToList())
            {
                if (pages.Count >= count)
                {
                    break;
                }

                if (scan.MoveNext())
                {
                    pages.Add(scan.Current);
                }
                else
                {
                    scan.Dispose();
                    scans.Remove(scan);
                }
            }
        }

        scans.ForEach(s => s.Dispose());
        return pages;
    }

    /// <summary>The pages of one PDF that qualify, in order: every <see cref="Rule.Step"/>th page from <see cref="Rule.FirstIndex"/> (0-based).</summary>
    private static IEnumerable<SourcePage> Scan(string set, string path, Rule rule)
    {
        var bytes = PdfCache.Bytes(path);
        int pageCount;
        try
        {
            using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
            pageCount = document.PageCount;
        }
        catch (DocumentException)
        {
            yield break;
        }

        for (var index = rule.FirstIndex; index < pageCount; index += rule.Step)
        {
            var words = Guarded(() => PdfTextLayer.ReadWords(bytes, index));
            if (words is null)
            {
                yield break;
            }

            var share = ColumnShape.SpanningShare(words);
            if (words.Count < rule.MinWords || (rule.OneColumnProseOnly && (share < ColumnShape.OneColumnShare || ProseShare(words) < MinProseShare)))
            {
                continue;
            }

            var truth = Guarded(() => rule.Truth == TruthSource.ReadText
                ? PdfTextLayer.ReadText(bytes, index)
                : string.Join(' ', TextLayerReader.ReadPage(bytes, index).Words.Select(w => w.Text)));
            if (truth is null)
            {
                yield break;
            }

            yield return new SourcePage(set, $"{Path.GetFileNameWithoutExtension(path)} p{index + 1}", path, index, truth, words.Count, share);
        }
    }

    /// <summary>
    /// The share of words made mostly of letters (at least two): about 0.8 on prose, under 0.3 on a table of codes
    /// such as a font's encoding table, which lines of cells across the page make look one-column.
    /// </summary>
    private static double ProseShare(IReadOnlyList<TextLayerWord> words) =>
        words.Count == 0 ? 0 : (double)words.Count(w => w.Text.Count(char.IsLetter) is var letters && letters >= 2 && letters * 2 >= w.Text.Length) / words.Count;

    /// <summary>The value, or null when the PDF's text layer cannot be read.</summary>
    private static T? Guarded<T>(Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (DocumentException)
        {
            return null;
        }
    }

    /// <summary>How a set picks pages in a PDF, and which order of the words is its truth.</summary>
    private sealed record Rule(int FirstIndex, int Step, int MinWords, bool OneColumnProseOnly, TruthSource Truth);

    private static List<string> Existing(IEnumerable<string> paths, string package)
    {
        var found = paths.Where(File.Exists).ToList();
        return found.Count > 0 ? found : throw new InvalidOperationException($"No PDFs: apt-get install {package}");
    }
}
