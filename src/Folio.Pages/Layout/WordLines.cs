using Folio.Contracts;
using Folio.Pages.Geometry;

namespace Folio.Pages.Layout;

/// <summary>
/// Lines from loose words (a PDF text layer): words on the same baseline row join left to right while the gap
/// between them stays under <see cref="MaxGapInHeights"/> of their height; a wider gap (a column gutter, a table
/// cell boundary) starts another line. The lines then go through <see cref="PageLayout"/> like recognised ones.
/// </summary>
public static class WordLines
{
    /// <summary>Widest gap inside a line, in word heights.</summary>
    public const float MaxGapInHeights = 0.9f;

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
        var lines = new List<RecognizedLine>();
        foreach (var row in rows)
        {
            row.Sort((a, b) => a.Bbox.Left.CompareTo(b.Bbox.Left));
            var current = new List<Word> { row[0] };
            for (var i = 1; i < row.Count; i++)
            {
                var height = MathF.Max(row[i].Bbox.Height, current[^1].Bbox.Height);
                if (row[i].Bbox.Left - current[^1].Bbox.Right > MaxGapInHeights * height)
                {
                    lines.Add(ToLine(current));
                    current = [];
                }

                current.Add(row[i]);
            }

            lines.Add(ToLine(current));
        }

        return lines;
    }

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
