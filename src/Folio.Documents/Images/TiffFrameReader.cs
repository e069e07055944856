using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace Folio.Documents.Images;

/// <summary>
/// Decodes the current TIFF directory into one BGRA raster, a strip (or tile) at a time through LibTiff's RGBA
/// interface: a frame costs its raster plus one strip's worth of LibTiff's packed pixels, not a second full raster
/// (a file stored as a single strip still needs that strip whole). Pixels come out as
/// <see cref="Tiff.ReadRGBAImageOriented(int, int, int[], Orientation)"/> with <see cref="Orientation.TOPLEFT"/> would
/// give them: upright by the Orientation tag, composited on white.
/// </summary>
internal static class TiffFrameReader
{
    /// <summary>Fills <paramref name="bgra"/> (width × height × 4 bytes); false when LibTiff could not decode a strip or tile.</summary>
    public static bool Read(Tiff tiff, int width, int height, byte[] bgra)
    {
        var target = MemoryMarshal.Cast<byte, uint>(bgra.AsSpan());
        var layout = Layout.Of((Orientation)tiff.GetFieldDefaulted(TiffTag.ORIENTATION)[0].ToByte());
        return tiff.IsTiled() ? ReadTiles(tiff, width, height, layout, target) : ReadStrips(tiff, width, height, layout, target);
    }

    // ReadRGBAStrip gives the strip's rows bottom-up when LibTiff turns them (top-based files), in file order otherwise,
    // each row already mirrored for right-based files.
    private static bool ReadStrips(Tiff tiff, int width, int height, Layout layout, Span<uint> target)
    {
        var rowsPerStrip = tiff.GetFieldDefaulted(TiffTag.ROWSPERSTRIP)[0].ToInt();
        rowsPerStrip = rowsPerStrip <= 0 || rowsPerStrip > height ? height : rowsPerStrip;
        var strip = new int[checked(width * rowsPerStrip)];
        for (var top = 0; top < height; top += rowsPerStrip)
        {
            if (!tiff.ReadRGBAStrip(top, strip))
            {
                return false;
            }

            var rows = Math.Min(rowsPerStrip, height - top);
            for (var i = 0; i < rows; i++)
            {
                var fileRow = layout.RasterBottomUp ? top + rows - 1 - i : top + i;
                var row = layout.ImageBottomUp ? height - 1 - fileRow : fileRow;
                PixelOps.AbgrToBgraOnWhite(strip.AsSpan(i * width, width), target.Slice(row * width, width));
            }
        }

        return true;
    }

    // ReadRGBATile gives a whole tile, stride tile width, its rows laid out bottom-up as for a full tile (the rows of an
    // edge tile at the top when LibTiff turns them, at the bottom otherwise), each row mirrored for right-based files.
    private static bool ReadTiles(Tiff tiff, int width, int height, Layout layout, Span<uint> target)
    {
        var tileWidth = tiff.GetFieldDefaulted(TiffTag.TILEWIDTH)[0].ToInt();
        var tileHeight = tiff.GetFieldDefaulted(TiffTag.TILELENGTH)[0].ToInt();
        if (tileWidth <= 0 || tileHeight <= 0)
        {
            return false;
        }

        var tile = new int[checked(tileWidth * tileHeight)];
        for (var top = 0; top < height; top += tileHeight)
        {
            var rows = Math.Min(tileHeight, height - top);
            for (var left = 0; left < width; left += tileWidth)
            {
                if (!tiff.ReadRGBATile(left, top, tile))
                {
                    return false;
                }

                var columns = Math.Min(tileWidth, width - left);
                var column = layout.Mirrored ? width - left - columns : left;
                for (var k = 0; k < rows; k++)
                {
                    var tileRow = layout.RasterBottomUp ? tileHeight - 1 - k : tileHeight - rows + k;
                    var row = layout.ImageBottomUp ? height - 1 - (top + k) : top + k;
                    PixelOps.AbgrToBgraOnWhite(tile.AsSpan(tileRow * tileWidth, columns), target.Slice((row * width) + column, columns));
                }
            }
        }

        return true;
    }

    /// <summary>
    /// How LibTiff lays out a strip or tile it reads bottom-left first (its strip and tile readers), by the frame's
    /// Orientation tag, with LibTiff's reading of the tag: the LEFTTOP family counts as TOPLEFT and so on, and a value
    /// outside 1–8 turns nothing.
    /// </summary>
    /// <param name="RasterBottomUp">LibTiff turned the rows (top-based files): the strip's last row comes first.</param>
    /// <param name="ImageBottomUp">The file's first row is the bottom of the image.</param>
    /// <param name="Mirrored">The file's rows run right to left; LibTiff mirrored each strip's or tile's rows.</param>
    private readonly record struct Layout(bool RasterBottomUp, bool ImageBottomUp, bool Mirrored)
    {
        public static Layout Of(Orientation orientation) => orientation switch
        {
            Orientation.TOPLEFT or Orientation.LEFTTOP => new(true, false, false),
            Orientation.TOPRIGHT or Orientation.RIGHTTOP => new(true, false, true),
            Orientation.BOTRIGHT or Orientation.RIGHTBOT => new(false, true, true),
            Orientation.BOTLEFT or Orientation.LEFTBOT => new(false, true, false),
            _ => new(false, false, false),
        };
    }
}
