using Folio.Contracts;
using Folio.Pages.Layout;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Documents.Tests;

/// <summary>Journal sample PDFs of Debian's texlive-publishers-doc, each test skipped when its PDF is missing.</summary>
internal static class JournalPdfs
{
    public const string Root = "/usr/share/doc/texlive-doc/latex/";

    /// <summary>ACM sigconf sample: two columns, running heads, headings at the same height in both columns (page 2).</summary>
    public const string AcmSigconf = Root + "acmart/samples/sample-sigconf.pdf";

    /// <summary>MNRAS guide: page 3 holds a table of symbols in the right column with prose on its left.</summary>
    public const string Mnras = Root + "mnras/mnras_guide.pdf";

    /// <summary>IEEE PES guide: page 1 holds a table of contents in the left column beside the abstract and the introduction.</summary>
    public const string IeeePes = Root + "ieeepes/ieeepes_doc.pdf";

    /// <summary>IMAC template: page 2 opens with a table across the page whose last column stands in the right column.</summary>
    public const string Imac = Root + "imac/imac.pdf";

    /// <summary>Optical Engineering guide: on page 2 a left-column line runs over the gutter into the right column's first line.</summary>
    public const string OptEng = Root + "opteng/OptEngInstruct.pdf";
}

/// <summary>A fact on journal sample PDFs; skipped without texlive-publishers-doc.</summary>
internal sealed class JournalPdfFactAttribute : FactAttribute
{
    public JournalPdfFactAttribute()
    {
        if (!File.Exists(JournalPdfs.AcmSigconf) || !File.Exists(JournalPdfs.Mnras) || !File.Exists(JournalPdfs.OptEng) || !File.Exists(JournalPdfs.IeeePes) || !File.Exists(JournalPdfs.Imac))
        {
            Skip = "No journal sample PDFs: install Debian texlive-publishers-doc (apt-get install texlive-publishers-doc).";
        }
    }
}

/// <summary>Born-digital journal pages: words in the PDF's own order, columns read one after the other, tables kept in their column, running heads labelled.</summary>
public sealed class JournalPageTests(ITestOutputHelper output)
{
    [JournalPdfFact]
    public void A_two_column_page_reads_in_column_order_from_its_text_layer()
    {
        var pdf = File.ReadAllBytes(JournalPdfs.AcmSigconf);
        var page = Build(pdf, 2);
        var texts = page.Blocks.Select(b => b.Text).ToList();

        // The headings at the same height in both columns stay apart and in their columns: the whole left column first.
        Assert.Contains("2 TEMPLATE OVERVIEW", texts);
        Assert.Contains("4 TYPEFACES", texts);
        Assert.True(texts.IndexOf("3 MODIFICATIONS") < texts.IndexOf("4 TYPEFACES"), "the left column's last heading comes before the right column's first");
        Assert.DoesNotContain(texts, t => t.Contains("document 5 TITLE", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("the LATEX User’s Guide", StringComparison.Ordinal));

        var cer = TextMetrics.Cer(PdfTextLayer.ReadText(pdf, 1), PlainText(page));
        output.WriteLine($"CER against the text layer's own order {TextMetrics.Percent(cer)}");
        Assert.True(cer <= 0.01, $"CER {TextMetrics.Percent(cer)}");
    }

    [JournalPdfFact]
    public void Words_follow_the_content_stream_and_never_join_across_the_gutter()
    {
        var words = PdfTextLayer.ReadWords(File.ReadAllBytes(JournalPdfs.AcmSigconf), 1).Select(w => w.Text).ToList();
        var text = string.Join(' ', words);

        // Column order: the left column's last words before the right column's first heading.
        Assert.True(text.IndexOf("3 MODIFICATIONS", StringComparison.Ordinal) < text.IndexOf("4 TYPEFACES", StringComparison.Ordinal));

        // The LaTeX logo (raised A, lowered E, kerned) is one word.
        Assert.Contains("LATEX", words);
        Assert.DoesNotContain(" LT A E X", text, StringComparison.Ordinal);
    }

    [JournalPdfFact]
    public void A_table_of_contents_in_the_left_column_is_read_before_the_prose_beside_it()
    {
        // MNRAS page 1: a table of contents (numbered entries, no page numbers) beside the introduction.
        var mnras = File.ReadAllBytes(JournalPdfs.Mnras);
        var text = PlainText(Build(mnras, 1));
        Assert.True(text.IndexOf("C Additional commands for editors only", StringComparison.Ordinal) < text.IndexOf("1 INTRODUCTION", StringComparison.Ordinal), "contents first");
        Assert.Contains("The journal Monthly Notices of the Royal Astronomical Society (MN- RAS) encourages", text, StringComparison.Ordinal);
        var cer = TextMetrics.Cer(PdfTextLayer.ReadText(mnras, 0), text);
        output.WriteLine($"MNRAS p1: CER against the text layer's own order {TextMetrics.Percent(cer)}");
        Assert.True(cer <= 0.01, $"CER {TextMetrics.Percent(cer)}");

        // IEEE PES page 1: contents with page numbers beside the abstract.
        text = PlainText(Build(File.ReadAllBytes(JournalPdfs.IeeePes), 1));
        Assert.True(text.IndexOf("17 What This Package Can Not Do", StringComparison.Ordinal) < text.IndexOf("package implements the layout requirements", StringComparison.Ordinal), "contents first");
    }

    [JournalPdfFact]
    public void A_contents_page_number_stays_on_its_entry_and_out_of_the_prose_beside_it()
    {
        // IEEE PES page 1: the contents' page numbers stand at the left column's edge, a little left of the gutter.
        var pdf = File.ReadAllBytes(JournalPdfs.IeeePes);
        var text = PlainText(Build(pdf, 1));
        Assert.Contains("17 What This Package Can Not Do 6", text, StringComparison.Ordinal);
        Assert.Contains("Abstract This LATEX 2ε package implements the layout requirements for Transactions of the IEEE Power", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("20 April 1999", StringComparison.Ordinal) < text.IndexOf("Contents", StringComparison.Ordinal), "the date under the authors comes before the contents");
        var cer = TextMetrics.Cer(PdfTextLayer.ReadText(pdf, 0), text);
        output.WriteLine($"IEEE PES p1: CER against the text layer's own order {TextMetrics.Percent(cer)}");
        Assert.True(cer <= 0.01, $"CER {TextMetrics.Percent(cer)}");
    }

    [JournalPdfFact]
    public void A_table_across_the_gutter_reads_row_by_row_before_the_columns_under_it()
    {
        var page = Build(File.ReadAllBytes(JournalPdfs.Imac), 2);
        var text = PlainText(page);

        // The table's last column ("diagonal matrix", "p-norm of {x}") lies right of the gutter: it reads with its rows,
        // before the caption and the columns under the table.
        var table = Assert.Single(page.Blocks, b => b.Kind == BlockKinds.Table && b.Text.Contains("\\dmat{M}", StringComparison.Ordinal));
        Assert.Contains("diagonal matrix", table.Text, StringComparison.Ordinal);
        Assert.Contains("p-norm of {x}", table.Text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("p-norm of {x}", StringComparison.Ordinal) < text.IndexOf("TABLE 1:", StringComparison.Ordinal), "the table before its caption");
        Assert.True(text.IndexOf("TABLE 1:", StringComparison.Ordinal) < text.IndexOf("ACKNOWLEDGMENTS", StringComparison.Ordinal), "the caption before the right column");
    }

    [JournalPdfFact]
    public void A_table_in_the_right_column_keeps_the_prose_on_its_left_out()
    {
        var page = Build(File.ReadAllBytes(JournalPdfs.Mnras), 3);
        var table = Assert.Single(page.Blocks, b => b.Kind == BlockKinds.Table && b.Text.Contains("\\degr", StringComparison.Ordinal));
        Assert.DoesNotContain("Sections and lists", table.Text, StringComparison.Ordinal);
        Assert.Contains("degrees", table.Text, StringComparison.Ordinal);
        Assert.True(table.Table!.Columns == 3, $"{table.Table.Columns} columns");
        Assert.Contains(page.Blocks, b => b.Kind == BlockKinds.Paragraph && b.Text.StartsWith("Sections and lists are generally the same as in the standard LATEX", StringComparison.Ordinal));
    }

    [JournalPdfFact]
    public void A_line_that_runs_over_the_gutter_stays_in_its_column_and_joins_no_word_of_the_other()
    {
        var page = Build(File.ReadAllBytes(JournalPdfs.OptEng), 2);
        var text = PlainText(page);

        // The left column's line ends in "\end{figure*}", drawn over the right column's first words: it goes on
        // with the left column's next line, and the right column's words keep to their own line.
        Assert.Contains("environment commands \\begin{figure*}...\\end{figure*} instead of \\begin{figure}", text, StringComparison.Ordinal);
        Assert.Contains("The two minipage environments of the Optical Engineering option requires alignment.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Engineerinstead", text, StringComparison.Ordinal);

        // The whole left column, to its last paragraph, before the right column's first words.
        Assert.True(
            text.IndexOf("into the tex manuscript", StringComparison.Ordinal) < text.IndexOf("any case OE Letters references", StringComparison.Ordinal),
            "the left column comes before the right column");
        Assert.True(
            text.IndexOf("endfloat package allows", StringComparison.Ordinal) < text.IndexOf("The two minipage", StringComparison.Ordinal),
            "the left column's words after the overrunning line come before the right column's");
    }

    [JournalPdfFact]
    public void Running_heads_and_feet_are_labelled_on_a_single_page()
    {
        var acm = Build(File.ReadAllBytes(JournalPdfs.AcmSigconf), 2);
        Assert.Equal(BlockKinds.PageHeader, Assert.Single(acm.Blocks, b => b.Text.Contains("Conference acronym", StringComparison.Ordinal)).Kind);
        Assert.Equal(BlockKinds.PageHeader, Assert.Single(acm.Blocks, b => b.Text.Contains("Trovato et al.", StringComparison.Ordinal)).Kind);

        var mnras = Build(File.ReadAllBytes(JournalPdfs.Mnras), 3);
        Assert.True(BlockKinds.IsFurniture(Assert.Single(mnras.Blocks, b => b.Text.Contains("guide for authors", StringComparison.Ordinal)).Kind));
        Assert.True(BlockKinds.IsFurniture(Assert.Single(mnras.Blocks, b => b.Text.Contains("MNRAS 000", StringComparison.Ordinal)).Kind));
    }

    [JournalPdfFact]
    public void A_running_foot_spread_across_the_page_close_under_the_columns_is_labelled_and_read_last()
    {
        // Elsevier's 5p first page: "Preprint submitted to Elsevier" at the left edge and the date at the right, set
        // closer under the columns than a line's height.
        var page = Build(File.ReadAllBytes(JournalPdfs.Root + "elsarticle/elstest-5p.pdf"), 1);
        var foot = Assert.Single(page.Blocks, b => b.Text.Contains("Preprint submitted to Elsevier", StringComparison.Ordinal));
        Assert.Equal(BlockKinds.PageFooter, foot.Kind);
        Assert.Contains("June 8, 2018", foot.Text, StringComparison.Ordinal);
        Assert.Equal(page.Blocks.Max(b => b.Order), foot.Order);
    }

    [JournalPdfFact]
    public void Section_numbers_and_side_labels_beside_prose_make_no_table()
    {
        // ASME's journal class hangs section numbers in the margin ("5" | "Reference Formatting…", "5.1" | "Capitalization
        // of Titles. …"); the IEEEconf guide sets "Caveats" beside its paragraph. Both read as a two-column table of
        // a label and wrapped prose rows.
        var asme = Build(File.ReadAllBytes(JournalPdfs.Root + "asmejour/asmejour-template.pdf"), 2);
        Assert.DoesNotContain(asme.Blocks, b => b.Kind == BlockKinds.Table && (b.Text.Contains("Reference Formatting", StringComparison.Ordinal) || b.Text.Contains("Capitalization of Titles", StringComparison.Ordinal)));
        Assert.Contains(asme.Blocks, b => b.Text.StartsWith("5.1 Capitalization of Titles. ASME’s bibliography style requires", StringComparison.Ordinal));

        // A real table of the same page stays one.
        Assert.Contains(asme.Blocks, b => b.Kind == BlockKinds.Table && b.Text.Contains("Table with more complicated columns", StringComparison.Ordinal));

        var ieee = Build(File.ReadAllBytes(JournalPdfs.Root + "ieeeconf/IEEEconf.pdf"), 2);
        Assert.Contains(ieee.Blocks, b => b.Kind != BlockKinds.Table && b.Text.StartsWith("Caveats First, as of this writing, IEEEconf has been neither validated nor endorsed", StringComparison.Ordinal));
    }

    [JournalPdfFact]
    public void Margin_notes_read_after_the_line_they_sit_beside_and_make_no_table()
    {
        // The mucproc guide sets each macro's name in the left margin beside the paragraph that explains it; the
        // notes and the prose read as a two-column table. LaTeX draws a note after its line.
        var muc = Build(File.ReadAllBytes(JournalPdfs.Root + "mucproc/mucproc.pdf"), 2);
        Assert.DoesNotContain(muc.Blocks, b => b.Kind == BlockKinds.Table);
        var text = PlainText(muc);
        Assert.Contains("The author macro can also be used similar to standard LATEX documents. If \\author", text, StringComparison.Ordinal);
        Assert.Contains("2.2 Title creation The \\title command behaves identically", text, StringComparison.Ordinal);

        var ieee = PlainText(Build(File.ReadAllBytes(JournalPdfs.Root + "ieeeconf/IEEEconf.pdf"), 2));
        Assert.Contains("Begin your document by loading the IEEEconf class: \\documentclass", ieee, StringComparison.Ordinal);
    }

    [JournalPdfFact]
    public void Margin_notes_set_a_gutter_apart_from_their_text_read_after_their_line()
    {
        // The LNI guide sets each option's name right-aligned in the left margin, far enough from the text that the
        // column cut made the notes a column of their own, read before the text beside them. A note of three lines
        // (utf8, latin1, applemac) is read whole after the line its first line sits beside.
        var lni = Build(File.ReadAllBytes(JournalPdfs.Root + "lni/lni.pdf"), 2);
        var text = PlainText(lni);
        Assert.Contains("uses German language adoptions by default. english To switch to English", text, StringComparison.Ordinal);
        Assert.Contains("widely use UTF-8 encoding for utf8 latin1 applemac text files", text, StringComparison.Ordinal);
        Assert.Contains("to better illustrate crop (new in v1.1) the final result", text, StringComparison.Ordinal);
        Assert.Contains("If for whatever nofonts (new in v1.3, deprecated in v1.4) reason the oldfonts option", text, StringComparison.Ordinal);
        Assert.DoesNotContain(lni.Blocks, b => b.Text == "biblatex");
    }

    [JournalPdfFact]
    public void Table_cells_wrapped_downwards_stay_in_their_row()
    {
        // ASME's Table 2 has rules only above and below its body; each experiment's name wraps onto a second line.
        var asme = Build(File.ReadAllBytes(JournalPdfs.Root + "asmejour/asmejour-template.pdf"), 2);
        var table = Assert.Single(asme.Blocks, b => b.Kind == BlockKinds.Table && b.Text.Contains("Table with more complicated columns", StringComparison.Ordinal)).Table!;
        var name = Assert.Single(table.Cells, c => c.Text.StartsWith("The first experiment", StringComparison.Ordinal));
        Assert.Equal("The first experiment we ran this morning", name.Text);
        Assert.Equal("124.3", Assert.Single(table.Cells, c => c.Row == name.Row && c.Column == name.Column + 1).Text);
        Assert.Contains(table.Cells, c => c.Text == "Our competitor’s data" && c.Row == name.Row + 2);
    }

    [JournalPdfFact]
    public void Authors_side_by_side_on_a_first_page_read_one_author_at_a_time()
    {
        var pdf = File.ReadAllBytes(JournalPdfs.AcmSigconf);
        var page = Build(pdf, 1);
        var texts = page.Blocks.Select(b => b.Text).ToList();

        // The first author block (two names over their two addresses) is read whole before the second author; read as
        // a table, each row ran across the three authors ("Ben Trovato∗ Lars Thørväld Valerie Béranger G.K.M. Tobin∗ …").
        var first = texts.FindIndex(t => t.StartsWith("Ben Trovato∗ G.K.M. Tobin∗ trovato@corporation.com webmaster@", StringComparison.Ordinal));
        Assert.True(first >= 0, "no block reads the first author block down its column");
        Assert.True(first < texts.FindIndex(t => t.StartsWith("Lars Thørväld The Thørväld Group Hekla, Iceland larst@", StringComparison.Ordinal)));
        Assert.DoesNotContain(page.Blocks, b => b.Kind == BlockKinds.Table);

        var cer = TextMetrics.Cer(PdfTextLayer.ReadText(pdf, 0), PlainText(page));
        output.WriteLine($"CER against the text layer's own order {TextMetrics.Percent(cer)}");
        Assert.True(cer <= 0.055, $"CER {TextMetrics.Percent(cer)}");
    }

    private PageResult Build(byte[] pdf, int pageNumber)
    {
        var page = BornDigitalPage.Build(TextLayerReader.ReadPage(pdf, pageNumber - 1), pageNumber, 150);
        foreach (var block in page.Blocks)
        {
            output.WriteLine($"[{block.Kind}] {block.Text}");
        }

        return page;
    }

    private static string PlainText(PageResult page) => BornDigitalTests.PlainText(page);
}
