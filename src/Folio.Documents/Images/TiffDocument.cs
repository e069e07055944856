using BitMiracle.LibTiff.Classic;
using Folio.Pages.Imaging;

namespace Folio.Documents.Images;

/// <summary>
/// A TIFF read with BitMiracle.LibTiff.NET; every directory (frame) is a page. The header of every
/// frame is checked against the limits when the document is opened; pixels are decoded per page.
/// </summary>
internal sealed class TiffDocument : IDocument
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _stream;
    private readonly Tiff _tiff;
    private readonly (int Width, int Height)[] _sizes;
    private bool _disposed;

    private TiffDocument(MemoryStream stream, Tiff tiff, (int Width, int Height)[] sizes)
    {
        _stream = stream;
        _tiff = tiff;
        _sizes = sizes;
    }

    public DocumentType Type => DocumentType.Tiff;

    public int PageCount => _sizes.Length;

    /// <summary>Opens the TIFF and validates every frame's declared size; throws <see cref="DocumentException"/>.</summary>
    public static TiffDocument Open(byte[] bytes, DocumentLimits limits)
    {
        QuietTiffErrors.Install();
        var stream = new MemoryStream(bytes, writable: false);
        Tiff? tiff = null;
        try
        {
            tiff = Tiff.ClientOpen("upload.tif", "r", stream, new TiffStream())
                ?? throw Undecodable("The TIFF header could not be read");
            var count = tiff.NumberOfDirectories();
            if (count <= 0)
            {
                throw Undecodable("The TIFF holds no image");
            }

            if (count > limits.MaxPages)
            {
                throw new DocumentException(DocumentErrorKind.TooLarge, $"The TIFF has {count} frames; the limit is {limits.MaxPages}.");
            }

            var sizes = new (int Width, int Height)[count];
            for (var i = 0; i < count; i++)
            {
                if (!tiff.SetDirectory((short)i))
                {
                    throw Undecodable($"TIFF frame {i} could not be read");
                }

                var width = tiff.GetField(TiffTag.IMAGEWIDTH)?[0].ToInt() ?? 0;
                var height = tiff.GetField(TiffTag.IMAGELENGTH)?[0].ToInt() ?? 0;
                SkiaImageDecoder.CheckPixels(width, height, limits, DocumentType.Tiff);
                sizes[i] = (width, height);
            }

            return new TiffDocument(stream, tiff, sizes);
        }
        catch (Exception ex) when (ex is not DocumentException)
        {
            tiff?.Dispose();
            stream.Dispose();
            throw new DocumentException(DocumentErrorKind.Undecodable, $"The TIFF could not be read: {ex.Message}", ex);
        }
        catch
        {
            tiff?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    public PageSize GetPageSize(int pageIndex)
    {
        DocumentException.ThrowIfPageOutOfRange(pageIndex, PageCount);
        var (width, height) = _sizes[pageIndex];
        return new PageSize(width, height);
    }

    /// <summary>Decodes one frame (dpi is ignored) to BGRA composited on white, into one raster (<see cref="TiffFrameReader"/>).</summary>
    public RasterImage RenderPage(int pageIndex, int dpi, CancellationToken cancellationToken = default)
    {
        DocumentException.ThrowIfPageOutOfRange(pageIndex, PageCount);
        var (width, height) = _sizes[pageIndex];
        var bgra = new byte[(long)width * height * RasterImage.Channels];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                if (!_tiff.SetDirectory((short)pageIndex) || !TiffFrameReader.Read(_tiff, width, height, bgra))
                {
                    throw Undecodable($"TIFF frame {pageIndex} could not be decoded");
                }
            }
            catch (Exception ex) when (ex is not DocumentException)
            {
                throw new DocumentException(DocumentErrorKind.Undecodable, $"TIFF frame {pageIndex} could not be decoded: {ex.Message}", ex);
            }
        }

        return new RasterImage(width, height, bgra);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _tiff.Dispose();
            _stream.Dispose();
        }
    }

    private static DocumentException Undecodable(string what)
    {
        var detail = QuietTiffErrors.TakeLastError();
        return new DocumentException(DocumentErrorKind.Undecodable, detail is null ? $"{what}." : $"{what}: {detail}");
    }
}
