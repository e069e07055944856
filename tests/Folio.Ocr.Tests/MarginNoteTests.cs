using Folio.Contracts;
using Folio.Pages.Layout;
using static Folio.Ocr.Tests.LayoutTests;

namespace Folio.Ocr.Tests;

/// <summary>Labels left of a column's lines on a 1000 × 1400 px page with 20 px lines: margin notes or a list's terms.</summary>
public class MarginNoteTests
{
    private const float W = 1000, H = 1400;

    [Fact]
    public void A_note_in_the_margin_reads_after_its_line_and_the_prose_makes_no_table()
    {
        // Ten rows of prose from x 300, in two paragraphs; notes in the margin (x 120-260) beside rows 1, 4 and 7.
        var lines = Prose(300);
        lines.Add(L("\\author", 120, 128, 220, 148));
        lines.Add(L("\\thanks", 120, 212, 230, 232));
        lines.Add(L("\\maketitle", 120, 316, 260, 336));

        var blocks = PageLayout.Build(lines, W, H);
        Assert.DoesNotContain(blocks, b => b.Kind == BlockKinds.Table);
        var text = string.Join(' ', blocks.Select(b => b.Text));
        Has(text, "row one of the text goes on \\author row two");
        Has(text, "row four of the text goes on. \\thanks row five");
        Has(text, "row seven of the text goes on \\maketitle row eight");
        // The note's line stays in the block, after the line it sits beside.
        var first = blocks.First(b => b.Text.Contains("\\author", StringComparison.Ordinal));
        var texts = first.Lines.Select(l => l.Text).ToList();
        Assert.Equal(texts.IndexOf("row one of the text goes on") + 1, texts.IndexOf("\\author"));
    }

    [Theory]
    [InlineData(120)] // the other paragraphs start where the terms do
    [InlineData(200)] // a term reaching past where the text starts
    public void A_label_where_the_text_starts_is_no_margin_note(float proseLeft)
    {
        var lines = Prose(300);
        for (var i = 0; i < 3; i++)
        {
            lines.Add(L("Paragraph row runs to the right edge", proseLeft, 430 + (i * 28), 860, 450 + (i * 28)));
        }

        lines.Add(L("term", 120, 128, 220, 148));
        Assert.Empty(Notes(lines));
    }

    [Fact]
    public void A_description_list_under_its_heading_has_no_margin_notes()
    {
        // "Arguments" at the terms' left edge, each term beside the first line of its description.
        var lines = Prose(300);
        lines.Add(L("Arguments", 120, 60, 260, 80));
        lines.Add(L("object", 120, 100, 200, 120));
        lines.Add(L("na.rm", 120, 184, 200, 204));
        Assert.Empty(Notes(lines));

        // Without the heading, terms beside a column are read as its margin notes.
        Assert.Equal(["object", "na.rm"], Notes(lines[..^3].Concat(lines[^2..]).ToList()));
    }

    [Fact]
    public void Section_numbers_and_list_marks_beside_lines_are_no_margin_notes()
    {
        var lines = Prose(300);
        lines.Add(L("2.1", 120, 128, 160, 148));
        lines.Add(L("(a)", 262, 212, 290, 232));
        lines.Add(L("\\title", 120, 316, 220, 336));
        Assert.Equal(["\\title"], Notes(lines));
    }

    [Fact]
    public void An_axis_title_beside_a_tick_label_is_no_margin_note()
    {
        // A plot's text: "Relative" left of the tick "0.3", under rows of long lines.
        var lines = Prose(300);
        lines.Add(L("Relative", 120, 128, 220, 148));
        lines.RemoveAt(1);
        lines.Add(L("0.3", 300, 128, 340, 148));
        Assert.Empty(Notes(lines));
    }

    [Fact]
    public void A_region_of_labels_alone_has_no_margin_notes()
    {
        // Two rows of prose are too few to tell where the text starts.
        List<RecognizedLine> lines = [L("alpha", 120, 100, 220, 120), L("one two three four", 300, 100, 860, 120), L("beta", 120, 128, 220, 148), L("five six seven", 300, 128, 860, 148), L("eight nine ten", 300, 156, 860, 176)];
        Assert.Empty(Notes(lines));
    }

    [Fact]
    public void A_note_of_several_lines_or_boxes_reads_whole_after_its_first_line()
    {
        // "utf8 / latin1 / applemac" stacked beside rows 2-4, row 4 a short last line; "crop (new in v1.1)" drawn as
        // two boxes beside row 7.
        var lines = Prose(300);
        lines[4] = L("uses.", 300, 212, 360, 232);
        lines.Add(L("utf8", 200, 156, 260, 176));
        lines.Add(L("latin1", 190, 184, 260, 204));
        lines.Add(L("applemac", 150, 212, 260, 232));
        lines.Add(L("crop", 100, 316, 150, 336));
        lines.Add(L("(new in v1.1)", 160, 316, 260, 336));

        var blocks = PageLayout.Build(lines, W, H);
        Assert.DoesNotContain(blocks, b => b.Kind == BlockKinds.Table);
        var text = string.Join(' ', blocks.Select(b => b.Text));
        Has(text, "row two of the text goes on utf8 latin1 applemac row three of the text goes on uses.");
        Has(text, "row seven of the text goes on crop (new in v1.1) row eight");
    }

    [Fact]
    public void Notes_beside_lines_that_each_end_their_paragraph_are_notes_of_their_own()
    {
        // A list of macros, one beside each one-line explanation (rows 6-8), set one under the other.
        var lines = Prose(300);
        string[] names = ["six", "seven", "eight"];
        string[] macros = ["\\insN", "\\insZ", "\\insQ"];
        for (var k = 0; k < 3; k++)
        {
            var y = 100 + ((6 + k) * 28) + 20;
            lines[6 + k] = L($"row {names[k]} ends here.", 300, y, 600, y + 20);
            lines.Add(L(macros[k], 120, y, 200, y + 20));
        }

        var text = string.Join(' ', PageLayout.Build(lines, W, H).Select(b => b.Text));
        Has(text, "row six ends here. \\insN row seven ends here. \\insZ row eight ends here. \\insQ");
    }

    [Fact]
    public void A_region_with_no_rows_has_no_notes()
    {
        // A figure at the top of its region leaves no text above it.
        var (rows, notes) = MarginNotes.Split([], 20, 0);
        Assert.Empty(rows);
        Assert.Empty(notes);
        Assert.Empty(NoteColumns.Take([[], Items(Prose(300))], 20).Notes);
    }

    [Fact]
    public void A_column_of_notes_set_apart_from_its_text_joins_the_rows_it_lines_up_with()
    {
        var prose = Items(Prose(300));
        // "\\author" with "\\and" set under it beside rows 1 and 2, "\\thanks" beside row 4.
        var notes = Items([L("\\author", 120, 128, 220, 148), L("\\and", 170, 156, 220, 176), L("\\thanks", 120, 212, 230, 232)]);
        var (regions, beside) = NoteColumns.Take([prose, notes], 20);
        Assert.Equal([prose], regions);
        var placed = NoteColumns.Place(LayoutGeometry.Rows(prose), beside[prose], 20);
        Assert.Equal([1, 4], placed.Keys.Order());
        Assert.Equal(["\\author", "\\and"], placed[1].Select(i => i.Line.Text));
        Assert.Equal(["\\thanks"], placed[4].Select(i => i.Line.Text));

        // A column whose lines fall between the text's rows is a column of its own, and so is one of long lines.
        var between = Items([L("sidebar", 120, 142, 220, 162), L("text", 120, 226, 220, 246)]);
        Assert.Empty(NoteColumns.Take([prose, between], 20).Notes);
        var wide = Items([L("a column of its own that runs on", 0, 128, 280, 148), L("and on over the lines", 0, 156, 280, 176)]);
        Assert.Empty(NoteColumns.Take([prose, wide], 20).Notes);
    }

    [Fact]
    public void Centred_lines_have_no_text_edge_for_a_short_first_word_to_stand_out_from()
    {
        // A title block's centred lines, then an abstract whose first words "An" and "main" the detector set apart.
        float[] lefts = [520, 460, 560, 430, 500, 380, 540, 470, 510, 490, 545, 455];
        var lines = lefts.Select((left, i) => L("Department of Physics, University of Somewhere", left, 100 + (i * 28), 1280 - left, 120 + (i * 28))).ToList();
        lines.Add(L("An", 250, 324, 268, 344));
        lines.Add(L("article usually includes an abstract, a concise summary", 282, 324, 1050, 344));
        lines.Add(L("main", 233, 352, 264, 372));
        lines.Add(L("body of the article.", 278, 352, 436, 372));
        Assert.Empty(Notes(lines));
    }

    private static List<LayoutItem> Items(List<RecognizedLine> lines) =>
        [.. lines.Select(l => new LayoutItem(l, l.Quad.TopLeft.X, l.Quad.TopLeft.Y, l.Quad.BottomRight.X, l.Quad.BottomRight.Y))];

    private static List<string> Notes(List<RecognizedLine> lines)
    {
        var rows = LayoutGeometry.Rows(Items(lines));
        return [.. MarginNotes.Find(rows, 20).OrderBy(n => n.Key).Select(n => string.Join(' ', n.Value.Select(i => i.Line.Text)))];
    }

    private static void Has(string text, string expected) => Assert.True(text.Contains(expected, StringComparison.Ordinal), $"'{expected}' not in: {text}");

    // Rows 0-9 from y 100, 28 px apart, x from left to 860, the paragraph's last row (4 and 9) shorter and ending in a full stop.
    private static List<RecognizedLine> Prose(float left)
    {
        string[] names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        var lines = new List<RecognizedLine>();
        for (var i = 0; i < 10; i++)
        {
            var y = 100 + (i * 28) + (i >= 5 ? 20 : 0);
            var end = i is 4 or 9;
            lines.Add(L($"row {names[i]} of the text goes on{(end ? "." : string.Empty)}", left, y, end ? 600 : 860, y + 20));
        }

        return lines;
    }
}
