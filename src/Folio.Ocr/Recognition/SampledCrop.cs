using System.Buffers;
using Folio.Pages.Geometry;
using Folio.Pages.Imaging;

namespace Folio.Ocr.Recognition;

/// <summary>
/// One text line sampled at the recognizer's height and its own width (3 planes × height × width), ready to be
/// copied into a padded batch tensor. Sampling happens on the page's own thread, so batches that mix lines from
/// several pages cost the batching thread only copies.
/// </summary>
public sealed class SampledCrop : IDisposable
{
    private float[]? _pixels;

    private SampledCrop(Quad quad, float ratio, int width, float[] pixels)
    {
        Quad = quad;
        AspectRatio = ratio;
        Width = width;
        _pixels = pixels;
    }

    /// <summary>Where the line is on its page.</summary>
    public Quad Quad { get; }

    /// <summary>Width over height of the quad, the key batches are sorted by.</summary>
    public float AspectRatio { get; }

    /// <summary>Width of the sampled content in tensor pixels.</summary>
    public int Width { get; }

    /// <summary>
    /// Samples <paramref name="quad"/> of <paramref name="page"/> at <paramref name="height"/>, its width scaled as the
    /// height is and then by <paramref name="widthScale"/>, at most <paramref name="maxWidth"/> wide; its contrast
    /// stretched (<see cref="CropSampler.StretchContrast"/>) when <paramref name="stretchContrast"/> is set.
    /// </summary>
    public static SampledCrop From(RasterImage page, Quad quad, int height, int maxWidth, float widthScale = 1f, bool stretchContrast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthScale);
        var width = Math.Clamp((int)MathF.Ceiling(CropSampler.ScaledWidth(quad, height, int.MaxValue) * widthScale), 1, maxWidth);
        var pixels = ArrayPool<float>.Shared.Rent(3 * height * width);
        CropSampler.Fill(page, quad, width, height, width, pixels.AsSpan(0, 3 * height * width));
        if (stretchContrast)
        {
            CropSampler.StretchContrast(pixels.AsSpan(0, 3 * height * width), height * width);
        }

        return new SampledCrop(quad, quad.Height <= 0 ? 1f : quad.Width / quad.Height, width, pixels);
    }

    /// <summary>
    /// Copies the crop into one slice of a batch tensor <paramref name="tensorWidth"/> wide (3 × height ×
    /// tensorWidth); the columns right of <see cref="Width"/> are zeroed (PaddleOCR's right padding).
    /// </summary>
    public void CopyTo(Span<float> slice, int height, int tensorWidth)
    {
        var pixels = _pixels ?? throw new ObjectDisposedException(nameof(SampledCrop));
        var width = Math.Min(Width, tensorWidth);
        for (var row = 0; row < 3 * height; row++)
        {
            var target = slice.Slice(row * tensorWidth, tensorWidth);
            pixels.AsSpan(row * Width, width).CopyTo(target);
            target[width..].Clear();
        }
    }

    /// <summary>The crop's first (blue) plane, <paramref name="height"/> rows of <see cref="Width"/> values.</summary>
    public ReadOnlySpan<float> FirstPlane(int height) =>
        (_pixels ?? throw new ObjectDisposedException(nameof(SampledCrop))).AsSpan(0, height * Width);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_pixels is { } pixels)
        {
            _pixels = null;
            ArrayPool<float>.Shared.Return(pixels);
        }
    }
}
