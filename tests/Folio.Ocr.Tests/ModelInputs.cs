using Folio.Ocr.Detection;
using Folio.Ocr.Recognition;
using Folio.Pages.Geometry;
using Folio.Pages.Imaging;

namespace Folio.Testing;

/// <summary>Model inputs made from real pages, as the engine makes them (also linked into folio-bench).</summary>
internal static class ModelInputs
{
    /// <summary>The recognizer's input for <paramref name="quads"/>: each line at its own width in a tensor <paramref name="width"/> wide, shape [count, 3, 48, width].</summary>
    public static float[] LineBatch(RasterImage page, IReadOnlyList<Quad> quads, int width)
    {
        var line = 3 * Recognizer.InputHeight * width;
        var input = new float[quads.Count * line];
        for (var i = 0; i < quads.Count; i++)
        {
            CropSampler.Fill(page, quads[i], CropSampler.ScaledWidth(quads[i], Recognizer.InputHeight, width), Recognizer.InputHeight, width, input.AsSpan(i * line, line));
        }

        return input;
    }

    /// <summary>The detector's input for the page, its long side at most <paramref name="maxSide"/>: the data and its shape [1, 3, height, width].</summary>
    public static (float[] Data, long[] Shape) Page(RasterImage page, int maxSide)
    {
        var (width, height) = DetectionPreprocess.ComputeInputSize(page.Width, page.Height, maxSide);
        var input = new float[3 * width * height];
        DetectionPreprocess.FillTensor(page, width, height, input);
        return (input, [1, 3, height, width]);
    }
}
