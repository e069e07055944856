using Folio.Contracts;

namespace Folio.Pages.Layout;

/// <summary>
/// The layout stage, pure: recognised lines (OCR quads or text-layer lines, page pixels) in, blocks in reading
/// order out. Margins (headers, footers, page numbers) are set apart by position; the body is cut into columns
/// (<see cref="ColumnCutter"/>); each column's lines are merged into text rows, aligned rows become tables
/// (<see cref="TableBuilder"/>) and the other rows paragraphs, split at wider gaps, indents, height changes and
/// list markers; kinds come from <see cref="BlockKinds"/>.
/// </summary>
public static class PageLayout
{
    /// <summary>Narrowest gap between columns or table cells, in body line heights.</summary>
    public const float GutterInLines = 1.0f;

    /// <summary>Builds the page's blocks in reading order.</summary>
    /// <param name="lines">Recognised lines in any order.</param>
    /// <param name="pageWidth">Page width in pixels.</param>
    /// <param name="pageHeight">Page height in pixels.</param>
    /// <param name="graphics">Rules and ink regions of the page raster (<see cref="PageGraphics.From"/>), when there is one.</param>
    public static List<Block> Build(IReadOnlyList<RecognizedLine> lines, float pageWidth, float pageHeight, PageGraphics? graphics = null)
    {
        var angle = LayoutGeometry.SkewAngle(lines.Select(l => l.Quad));
        var items = LayoutGeometry.Items(lines, angle).SelectMany(i => WideGaps.Split(i, angle)).ToList();
        var figures = Figures.Find(graphics, items, pageWidth, pageHeight, angle);
        items = items.Except(figures.SelectMany(f => f.Labels)).ToList();
        if (items.Count == 0)
        {
            return figures.Select((f, i) => FigureBlock(f.Figure, f.Labels) with { Order = i }).ToList();
        }

        var bodyHeight = MathF.Max(1, BodyHeight(items, i => i.TextHeight));
        // Width per character from lines of ten characters or more: the detector's margin around a box inflates short ones.
        var longLines = items.Where(i => i.Line.Text.Length >= 10).ToList();
        var bodyCharWidth = MathF.Max(0.1f, BodyHeight(longLines.Count > 0 ? longLines : items, i => i.CharWidth));
        var (top, body, bottom) = Margins.Split(items, pageWidth, pageHeight, bodyHeight);

        var blocks = new List<Block>();
        foreach (var row in LayoutGeometry.Rows(top))
        {
            blocks.Add(MarginBlock(row, BlockKinds.PageHeader));
        }

        var labels = figures.ToDictionary(f => f.Figure, f => f.Labels);
        var (regions, noteColumns) = NoteColumns.Take(ColumnStructure.Cut([.. body, .. labels.Keys], GutterInLines * bodyHeight, angle), bodyHeight);
        foreach (var region in regions)
        {
            // Figures split their region: the text above each figure's middle, the figure, then what follows.
            var text = region.Where(i => !i.IsFigure).ToList();
            var sideNotes = noteColumns.GetValueOrDefault(region) ?? [];
            foreach (var figure in region.Where(i => i.IsFigure).OrderBy(i => i.CenterY))
            {
                blocks.AddRange(RegionBlocks(text.Where(i => i.CenterY < figure.CenterY).ToList(), sideNotes, bodyHeight, bodyCharWidth, pageHeight, angle, graphics));
                blocks.Add(FigureBlock(figure, labels[figure]));
                text = text.Where(i => i.CenterY >= figure.CenterY).ToList();
            }

            blocks.AddRange(RegionBlocks(text, sideNotes, bodyHeight, bodyCharWidth, pageHeight, angle, graphics));
            // A note no row took (none lies beside it) is read after its region, not lost.
            blocks.AddRange(sideNotes.Select(note => MakeBlock(LayoutGeometry.Rows(note), BlockKinds.Paragraph, null)));
        }

        blocks = Figures.AttachCaptions(blocks, bodyHeight);

        foreach (var row in LayoutGeometry.Rows(bottom))
        {
            blocks.Add(MarginBlock(row, BlockKinds.PageFooter));
        }

        return blocks.Select((b, i) => b with { Order = i }).ToList();
    }

    /// <summary>The measure (line height, width per character) under which half of the page's characters lie: body text, whatever the number of short labels.</summary>
    internal static float BodyHeight(IReadOnlyList<LayoutItem> items, Func<LayoutItem, float> measure)
    {
        var byHeight = items.OrderBy(measure).ToList();
        var half = byHeight.Sum(i => Math.Max(1, i.Line.Text.Length)) / 2.0;
        var seen = 0.0;
        foreach (var item in byHeight)
        {
            seen += Math.Max(1, item.Line.Text.Length);
            if (seen >= half)
            {
                return measure(item);
            }
        }

        return measure(byHeight[^1]);
    }

    private static Block FigureBlock(LayoutItem figure, List<LayoutItem> labels) => new()
    {
        Kind = BlockKinds.Figure,
        Text = string.Empty,
        Bbox = figure.PageBox,
        Lines = labels.OrderBy(i => i.Top).ThenBy(i => i.Left).Select(ToContract).ToList(),
    };

    private static Block MarginBlock(List<LayoutItem> row, string kind)
    {
        var block = MakeBlock([row], kind, null);
        return BlockKinds.IsPageNumber(block.Text) ? block with { Kind = BlockKinds.PageNumber } : block;
    }

    /// <summary>
    /// A region's paragraphs and tables. Its margin notes, and those of its note column (<paramref name="sideNotes"/>,
    /// from which each note a row takes is removed), are read after the line they sit beside.
    /// </summary>
    private static IEnumerable<Block> RegionBlocks(List<LayoutItem> region, List<List<LayoutItem>> sideNotes, float bodyHeight, float bodyCharWidth, float pageHeight, float angle, PageGraphics? graphics)
    {
        var rows = LayoutGeometry.Rows(region);
        // Margin notes stay out of the rows' geometry (they are no table column, no hanging first line).
        var (bare, notes) = MarginNotes.Split(rows, bodyHeight, angle);
        var tables = TableBuilder.Find(bare, bodyHeight);
        foreach (var (i, note) in NoteColumns.Place(bare, sideNotes, bodyHeight))
        {
            // A table's rows are its own: a note beside one stays with the notes read after the region.
            if (!tables.Any(t => i >= t.First && i < t.First + t.Count))
            {
                notes[bare[i]] = notes.TryGetValue(bare[i], out var inRegion) ? [.. inRegion, .. note] : note;
                sideNotes.RemoveAll(n => note.Contains(n[0]));
            }
        }

        var r = 0;
        var pending = new List<List<LayoutItem>>();
        foreach (var (first, count, bands) in tables.Append((rows.Count, 0, [])))
        {
            pending.AddRange(bare.Skip(r).Take(first - r));
            foreach (var block in Paragraphs(pending, bodyHeight, bodyCharWidth, pageHeight, notes))
            {
                yield return block;
            }

            pending.Clear();
            var tableRows = rows.Skip(first).Take(count).ToList();
            if (count > 0 && AuthorGrid.Matches(tableRows, bands))
            {
                foreach (var column in AuthorGrid.Columns(tableRows, bands))
                {
                    yield return MakeBlock(column, BlockKinds.Paragraph, null);
                }
            }
            else if (count > 0)
            {
                var (table, text) = TableBuilder.Build(tableRows, bands, bodyHeight, graphics);
                yield return MakeBlock(tableRows, BlockKinds.Table, null) with { Text = text, Table = table };
            }

            r = first + count;
        }
    }

    private static IEnumerable<Block> Paragraphs(List<List<LayoutItem>> rows, float bodyHeight, float bodyCharWidth, float pageHeight, Dictionary<List<LayoutItem>, List<LayoutItem>> notes)
    {
        if (rows.Count == 0)
        {
            yield break;
        }

        var left = rows.Min(r => r[0].Left);
        var right = rows.Max(r => r[^1].Right);
        var gaps = new List<float>();
        for (var i = 1; i < rows.Count; i++)
        {
            gaps.Add(Top(rows[i]) - Bottom(rows[i - 1]));
        }

        var usualGap = MathF.Max(0, LayoutGeometry.Percentile(gaps, 0.5f));
        var paragraph = new List<List<LayoutItem>>();
        var gapAbove = float.MaxValue;
        var inFootnotes = false;
        for (var i = 0; i < rows.Count; i++)
        {
            if (paragraph.Count > 0 && Breaks(paragraph, rows[i], usualGap, left, right))
            {
                yield return BodyBlock(WithNotes(paragraph, notes), bodyHeight, bodyCharWidth, pageHeight, gapAbove, ref inFootnotes);
                paragraph = [];
                gapAbove = gaps[i - 1];
            }

            paragraph.Add(rows[i]);
        }

        yield return BodyBlock(WithNotes(paragraph, notes), bodyHeight, bodyCharWidth, pageHeight, gapAbove, ref inFootnotes);
    }

    /// <summary>Whether <paramref name="row"/> starts a new paragraph after <paramref name="paragraph"/>.</summary>
    private static bool Breaks(List<List<LayoutItem>> paragraph, List<LayoutItem> row, float usualGap, float left, float right)
    {
        var previous = paragraph[^1];
        var previousText = RowText(previous).TrimEnd();
        float hp = Height(previous), hr = Height(row), h = MathF.Min(hp, hr);
        var gap = Top(row) - Bottom(previous);
        if (gap > MathF.Min(0.8f * h, usualGap + (0.5f * h)) || (MathF.Max(hp, hr) > 1.3f * h && SizeRatio(previous, row) > 1.2f))
        {
            return true;
        }

        // A short numbered line alone ("5.3 Index matrices") is a heading, whatever the box heights say.
        if (paragraph.Count == 1 && SectionNumbers.HeadingDepth(previousText) > 0 && previous[^1].Right < right - (0.3f * (right - left)))
        {
            return true;
        }

        var text = RowText(row);
        if (BlockKinds.StartsListItem(text))
        {
            return true;
        }

        var isList = BlockKinds.StartsListItem(RowText(paragraph[0]));
        var indent = row[0].Left - previous[0].Left;
        var fullRow = previous[^1].Right >= right - (0.2f * (right - left));

        // Further right than the row above: a new, indented paragraph, unless the row above is a full first row
        // hanging out to the left behind a mark (a footnote number or symbol) or a label in the margin (a description
        // list's term, whose text the row goes on with).
        var behindLabel = previous.Count >= 2 && MathF.Abs(row[0].Left - previous[1].Left) <= 0.8f * h;
        var hanging = paragraph.Count == 1 && fullRow && previousText.Length > 0 && (!char.IsLetter(previousText[0]) || behindLabel);
        if (!isList && indent > 0.8f * h && !hanging)
        {
            return true;
        }

        // Back to the left after one indented row: a first-line indent when that row ran to the right edge, else a code line or quote.
        if (indent < -0.8f * h && (paragraph.Count >= 2 || isList || !fullRow))
        {
            return true;
        }

        return previous[^1].Right < right - (0.2f * (right - left)) && previousText.Length > 0 && previousText[^1] is '.' or ':' or '!' or '?';
    }

    /// <summary>
    /// A body block with its kind (see <see cref="BlockKinds.Classify"/>). Footnotes: small text (at most 0.85 of the body height, its characters no wider than the body's) in the bottom quarter,
    /// the first one set off by a gap of a line height, the following small blocks with it.
    /// </summary>
    private static Block BodyBlock(List<List<LayoutItem>> rows, float bodyHeight, float bodyCharWidth, float pageHeight, float gapAbove, ref bool inFootnotes)
    {
        var text = LineJoiner.JoinLines(rows.Select(RowText));
        // Type size relative to the body: geometric mean of the height and width-per-character ratios. Text-layer
        // heights are exact, but OCR boxes compress them (a 24 pt title's box is about 1.3 times a 10 pt line's).
        var heightRatio = LayoutGeometry.Percentile(rows.Select(Height).ToList(), 0.5f) / bodyHeight;
        var items = rows.SelectMany(r => r).ToList();
        var charRatio = items.Sum(i => i.Width) / Math.Max(1, items.Sum(i => i.Line.Text.Length)) / bodyCharWidth;
        var ratio = MathF.Sqrt(heightRatio * charRatio);
        var (kind, level) = BlockKinds.Classify(text, ratio, rows.Count);
        // Small type is narrow too: a bold line without descenders is as short as footnote type, not as narrow.
        var small = heightRatio <= 0.85f && charRatio <= 1f && Top(rows[0]) >= 0.75f * pageHeight;
        inFootnotes = small && (inFootnotes || gapAbove >= bodyHeight);
        if (kind is BlockKinds.Paragraph or BlockKinds.ListItem && inFootnotes)
        {
            kind = BlockKinds.Footnote;
        }

        return MakeBlock(rows, kind, level);
    }

    // The paragraph's rows with their line ends chosen, each followed by its margin note: a row's items are in
    // reading order.
    private static List<List<LayoutItem>> WithNotes(List<List<LayoutItem>> paragraph, Dictionary<List<LayoutItem>, List<LayoutItem>> notes) =>
        [.. LineEndMarks.Apply(paragraph).Select((row, i) => notes.TryGetValue(paragraph[i], out var note) ? [.. row, .. note] : row)];

    private static Block MakeBlock(IReadOnlyList<List<LayoutItem>> rows, string kind, int? level)
    {
        var lines = rows.SelectMany(r => r).Select(ToContract).ToList();
        return new Block
        {
            Kind = kind,
            Level = level,
            Text = LineJoiner.JoinLines(rows.Select(RowText)),
            Bbox = rows.SelectMany(r => r).Select(i => i.PageBox).Aggregate((a, b) => a.Union(b)),
            Lines = lines,
        };
    }

    /// <summary>
    /// How much the type size differs between two rows, 1 or more: the geometric mean of the height ratio and the
    /// width-per-character ratio, so that an OCR box drawn tighter around one line (same letters, less height) is no change.
    /// </summary>
    internal static float SizeRatio(List<LayoutItem> a, List<LayoutItem> b)
    {
        static float Size(List<LayoutItem> row) => MathF.Max(1e-3f, Height(row) * row.Sum(i => i.Width) / Math.Max(1, row.Sum(i => i.Line.Text.Length)));
        float x = Size(a), y = Size(b);
        return MathF.Sqrt(MathF.Max(x, y) / MathF.Min(x, y));
    }

    private static string RowText(List<LayoutItem> row) => string.Join(' ', row.Select(i => i.Line.Text.Trim()).Where(t => t.Length > 0));

    private static float Top(List<LayoutItem> row) => row.Min(i => i.Top);

    private static float Bottom(List<LayoutItem> row) => row.Max(i => i.Bottom);

    private static float Height(List<LayoutItem> row) => LayoutGeometry.Percentile(row.Select(i => i.TextHeight).ToList(), 0.5f);

    private static Line ToContract(LayoutItem item) => new()
    {
        Text = item.Line.Text,
        Confidence = MathF.Round(item.Line.Confidence, 4),
        Polygon = item.Line.Quad.ToArray().Select(p => new Point(MathF.Round(p.X, 1), MathF.Round(p.Y, 1))).ToArray(),
        Words = item.Line.Words,
    };
}
