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

    private static List<string> Notes(List<RecognizedLine> lines)
    {
        var rows = LayoutGeometry.Rows(lines.Select(l => new LayoutItem(l, l.Quad.TopLeft.X, l.Quad.TopLeft.Y, l.Quad.BottomRight.X, l.Quad.BottomRight.Y)));
        return [.. MarginNotes.Find(rows, 20).OrderBy(n => n.Key).Select(n => n.Value.Line.Text)];
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
