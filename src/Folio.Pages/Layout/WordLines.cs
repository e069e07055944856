using Folio.Contracts;
using Folio.Pages.Geometry;

namespace Folio.Pages.Layout;

/// <summary>
/// Lines from loose words (a PDF text layer): words on the same baseline row join left to right while the gap
/// between them stays under <see cref="MaxGapInHeights"/> of their height; a wider gap (a column gutter, a table
/// cell boundary) starts another line. A word drawn over a line's end (more than <see cref="MaxOverlapInHeights"/>
/// of their height: a line of one column run over the gutter into the other's) does not join that line either: it
/// starts or goes on another line of the row, so the two columns' words stay apart. The lines then go through
/// <see cref="PageLayout"/> like recognised ones.
/// </summary>
public static class WordLines
{
    /// <summary>Widest gap inside a line, in word heights.</summary>
    public const float MaxGapInHeights = 0.9f;

    /// <summary>Furthest a word may start before the end of the line it joins, in word heights (a glyph's overhang, an accent).</summary>
    public const float MaxOverlapInHeights = 0.5f;

    /// <summary>Groups words (boxes in page pixels) into lines with confidence 1.</summary>
    public static List<RecognizedLine> Build(IReadOnlyList<Word> words)
    {
        var rows = new List<List<Word>>();
        foreach (var word in words.Where(w => w.Text.Trim().Length > 0).OrderBy(w => Centre(w)).ThenBy(w => w.Bbox.Left))
        {
            var row = rows.Count > 0 ? rows[^1] : null;
            if (row is not null && MathF.Abs(Centre(word) - row.Average(Centre)) <= 0.3f * MathF.Min(word.Bbox.Height, row.Max(w => w.Bbox.Height)))
            {
                row.Add(word);
            }
            else
            {
                rows.Add([word]);
            }
        }

        MergeScripts(rows);
        return rows.SelectMany(Split).Select(ToLine).ToList();
    }

    /// <summary>
    /// A row's words as lines, left to right: each word goes on the open line it follows best (see
    /// <see cref="Follows"/>): the one whose end it starts closest after, else the one it overlaps least; a word that
    /// follows none (after a wide gap, or drawn over the ends of all) starts a line, and lines a word has passed by a
    /// wide gap are closed.
    /// </summary>
    internal static List<List<Word>> Split(List<Word> row)
    {
        var done = new List<List<Word>>();
        var open = new List<List<Word>>();
        foreach (var word in row.OrderBy(w => w.Bbox.Left))
        {
            for (var k = open.Count - 1; k >= 0; k--)
            {
                if (word.Bbox.Left - Right(open[k]) > MaxGapInHeights * MathF.Max(word.Bbox.Height, open[k][^1].Bbox.Height))
                {
                    done.Add(open[k]);
                    open.RemoveAt(k);
                }
            }

            var best = open.Where(line => Follows(line, word)).OrderBy(line => word.Bbox.Left < Right(line)).ThenBy(line => MathF.Abs(word.Bbox.Left - Right(line))).FirstOrDefault();
            if (best is null)
            {
                open.Add([word]);
            }
            else
            {
                best.Add(word);
            }
        }

        return [.. done.Concat(open).OrderBy(line => line[0].Bbox.Left)];
    }

    /// <summary>
    /// Whether <paramref name="word"/> may go on <paramref name="line"/>: it starts no more than
    /// <see cref="MaxGapInHeights"/> after the line's end and no more than <see cref="MaxOverlapInHeights"/> before
    /// it, in the larger height of the word and the line's last word. A word smaller than the line's type (under 0.8
    /// of its tallest word: a superscript, a subscript) may stand over the line's end, and so may a word no wider
    /// than that height over a last word no wider either (glyphs drawn over each other as one symbol).
    /// </summary>
    internal static bool Follows(IReadOnlyList<Word> line, Word word)
    {
        var last = line[^1];
        var height = MathF.Max(word.Bbox.Height, last.Bbox.Height);
        var gap = word.Bbox.Left - Right(line);
        var script = word.Bbox.Height < 0.8f * line.Max(w => w.Bbox.Height);
        var pieces = word.Bbox.Width <= height && last.Bbox.Width <= height;
        return gap <= MaxGapInHeights * height && (script || pieces || gap >= -MaxOverlapInHeights * height);
    }

    private static float Right(IReadOnlyList<Word> line) => line.Max(w => w.Bbox.Right);

    /// <summary>
    /// Rows of small words only (superscripts, subscripts, footnote marks) that overlap the next or previous row
    /// of larger words vertically join that row.
    /// </summary>
    private static void MergeScripts(List<List<Word>> rows)
    {
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            var small = rows[i].Max(w => w.Bbox.Height);
            foreach (var j in new[] { i - 1, i + 1 })
            {
                if (j < 0 || j >= rows.Count)
                {
                    continue;
                }

                float top = rows[j].Min(w => w.Bbox.Top), bottom = rows[j].Max(w => w.Bbox.Bottom), height = rows[j].Max(w => w.Bbox.Height);
                var left = rows[i].Min(w => w.Bbox.Left);
                var near = rows[j].Any(w => MathF.Abs(w.Bbox.Right - left) < height || MathF.Abs(w.Bbox.Left - rows[i].Max(x => x.Bbox.Right)) < height);
                if (small < 0.8f * height && near && rows[i].All(w => w.Bbox.Bottom > top + (0.3f * height) && w.Bbox.Top < bottom - (0.3f * height)))
                {
                    rows[j].AddRange(rows[i]);
                    rows.RemoveAt(i);
                    break;
                }
            }
        }
    }

    private static float Centre(Word word) => (word.Bbox.Top + word.Bbox.Bottom) / 2;

    private static RecognizedLine ToLine(List<Word> words)
    {
        var box = words.Select(w => w.Bbox).Aggregate((a, b) => a.Union(b));
        var quad = new Quad(new PointF(box.Left, box.Top), new PointF(box.Right, box.Top), new PointF(box.Right, box.Bottom), new PointF(box.Left, box.Bottom));
        return new RecognizedLine(string.Join(' ', words.Select(w => w.Text.Trim())), 1f, quad, words);
    }
}
