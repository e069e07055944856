using Folio.Contracts;

namespace Folio.Pages.Layout;

/// <summary>
/// Long horizontal and vertical rules in a page raster, pure: runs of dark pixels (gaps up to
/// <see cref="MaxGap"/> bridged) at least a share of the page's width (or height) long, merged over neighbouring
/// rows (or columns) into one box each, and kept when no thicker than <see cref="MaxThickness"/> (a dark picture
/// is no rule).
/// </summary>
public static class RulingLines
{
    /// <summary>Luminance under which a pixel is dark.</summary>
    public const byte DarkBelow = 128;

    /// <summary>A horizontal rule is at least this share of the page width long.</summary>
    public const float MinHorizontalShare = 0.1f;

    /// <summary>A vertical rule is at least this share of the page height long.</summary>
    public const float MinVerticalShare = 0.04f;

    /// <summary>Widest gap of light pixels bridged inside a run (anti-aliasing, scan noise), in pixels.</summary>
    public const int MaxGap = 2;

    /// <summary>Thickest rule, in pixels, for a page of <paramref name="width"/> × <paramref name="height"/>: 4 px or a 150th of the shorter side.</summary>
    public static int MaxThickness(int width, int height) => Math.Max(4, Math.Min(width, height) / 150);

    /// <summary>Finds the rules of a grayscale raster (one byte a pixel, rows packed).</summary>
    /// <param name="gray">Luminance, <paramref name="width"/> × <paramref name="height"/> bytes.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>Horizontal rules top to bottom and vertical rules left to right, as boxes in page pixels.</returns>
    public static (List<Box> Horizontal, List<Box> Vertical) Find(byte[] gray, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(gray);
        var thickness = MaxThickness(width, height);
        var horizontal = Merge(Runs(gray, width, height, (int)MathF.Ceiling(MinHorizontalShare * width)), thickness)
            .Select(s => new Box(s.Start, s.First, s.End, s.Last + 1))
            .ToList();
        var transposed = new byte[gray.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                transposed[(x * height) + y] = gray[(y * width) + x];
            }
        }

        var vertical = Merge(Runs(transposed, height, width, (int)MathF.Ceiling(MinVerticalShare * height)), thickness)
            .Select(s => new Box(s.First, s.Start, s.Last + 1, s.End))
            .ToList();
        return (horizontal, vertical);
    }

    /// <summary>Luminance of a BGRA raster (ITU-R BT.601 weights), one byte a pixel.</summary>
    public static byte[] Gray(byte[] bgra, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(bgra);
        var gray = new byte[width * height];
        for (var i = 0; i < gray.Length; i++)
        {
            var p = i * 4;
            gray[i] = (byte)(((29 * bgra[p]) + (150 * bgra[p + 1]) + (77 * bgra[p + 2])) >> 8);
        }

        return gray;
    }

    /// <summary>Dark runs of each row at least <paramref name="minLength"/> long: (row, start, end exclusive).</summary>
    internal static List<(int Row, int Start, int End)> Runs(byte[] gray, int width, int height, int minLength)
    {
        var runs = new List<(int, int, int)>();
        for (var y = 0; y < height; y++)
        {
            var offset = y * width;
            int start = -1, lastDark = -1;
            for (var x = 0; x <= width; x++)
            {
                var dark = x < width && gray[offset + x] < DarkBelow;
                if (dark)
                {
                    if (start < 0 || x - lastDark - 1 > MaxGap)
                    {
                        if (start >= 0 && lastDark + 1 - start >= minLength)
                        {
                            runs.Add((y, start, lastDark + 1));
                        }

                        start = x;
                    }

                    lastDark = x;
                }
                else if (x == width && start >= 0 && lastDark + 1 - start >= minLength)
                {
                    runs.Add((y, start, lastDark + 1));
                }
            }
        }

        return runs;
    }

    /// <summary>
    /// Runs on neighbouring rows (at most one row apart) that overlap by half the shorter one merge into a segment
    /// (first row, last row, start, end); segments thicker than <paramref name="maxThickness"/> rows are dropped.
    /// </summary>
    internal static List<(int First, int Last, int Start, int End)> Merge(List<(int Row, int Start, int End)> runs, int maxThickness)
    {
        var open = new List<(int First, int Last, int Start, int End)>();
        var done = new List<(int First, int Last, int Start, int End)>();
        foreach (var run in runs)
        {
            var index = open.FindIndex(s => run.Row - s.Last <= 2
                && Math.Min(s.End, run.End) - Math.Max(s.Start, run.Start) >= 0.5 * Math.Min(s.End - s.Start, run.End - run.Start));
            if (index >= 0)
            {
                var s = open[index];
                open[index] = (s.First, run.Row, Math.Min(s.Start, run.Start), Math.Max(s.End, run.End));
            }
            else
            {
                open.Add((run.Row, run.Row, run.Start, run.End));
            }

            for (var k = open.Count - 1; k >= 0; k--)
            {
                if (run.Row - open[k].Last > 2)
                {
                    done.Add(open[k]);
                    open.RemoveAt(k);
                }
            }
        }

        done.AddRange(open);
        return done.Where(s => s.Last - s.First + 1 <= maxThickness).OrderBy(s => s.First).ThenBy(s => s.Start).ToList();
    }
}
