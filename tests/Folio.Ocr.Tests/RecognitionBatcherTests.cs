using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr.Recognition;
using Folio.Pages.Geometry;
using Folio.Pages.Imaging;
using Folio.Pages.Layout;
using Folio.Testing;

namespace Folio.Ocr.Tests;

/// <summary>Lines of concurrent pages share batches, and every page gets its own lines back in its order.</summary>
public class RecognitionBatcherTests
{
    private static readonly RasterImage Blank = RasterImage.CreateWhite(400, 40);

    // A crop w pixels wide at height 10: aspect ratio w / 10, so the width says which line it is.
    private static SampledCrop Crop(int width) =>
        SampledCrop.From(Blank, new Quad(new(0, 0), new(width, 0), new(width, 10), new(0, 10)), Recognizer.InputHeight, 3200);

    private static RecognizedLine Echo(SampledCrop crop) =>
        new($"{crop.AspectRatio:F1}", 1, crop.Quad, []);

    [Fact]
    public async Task Pages_submitted_together_share_sorted_batches_and_get_their_own_lines_in_order()
    {
        var batches = new List<float[]>();
        var dispatchers = new HashSet<int>();
        using var batcher = new RecognitionBatcher<RecognizedLine>(
            (crops, dispatcher) =>
            {
                lock (batches)
                {
                    batches.Add([.. crops.Select(c => c.AspectRatio)]);
                    dispatchers.Add(dispatcher);
                }

                return [.. crops.Select(Echo)];
            },
            batchSize: 4,
            window: TimeSpan.FromSeconds(2),
            dispatchers: 3);
        int[][] pages = [[90, 10, 50], [20, 80, 40, 60], [30, 70]];
        var crops = pages.Select(p => p.Select(Crop).ToArray()).ToArray();
        var tasks = crops.Select(c => batcher.Submit(c)).ToArray();
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        for (var p = 0; p < pages.Length; p++)
        {
            Assert.Equal(pages[p].Select(w => $"{w / 10f:F1}"), results[p].Select(l => l.Text));
        }

        // Nine lines from three pages gathered into one pool: batches of 4, 4, 1 in width order.
        Assert.Equal([[1, 2, 3, 4], [5, 6, 7, 8], [9]], batches.Select(b => b.Select(r => (int)r).ToArray()).ToArray());
        Assert.All(dispatchers, d => Assert.InRange(d, 0, 2)); // one pool, run by one of the three threads
        foreach (var crop in crops.SelectMany(c => c))
        {
            crop.Dispose();
        }
    }

    [Fact]
    public async Task A_failing_batch_fails_its_pages_and_the_batcher_goes_on()
    {
        var calls = 0;
        using var batcher = new RecognitionBatcher<RecognizedLine>(
            (crops, _) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("model run failed") : [.. crops.Select(Echo)],
            batchSize: 8,
            window: TimeSpan.FromMilliseconds(1));
        using var first = Crop(30);
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.Submit([first]).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("model run failed", failed.Message);

        using var second = Crop(50);
        var lines = await batcher.Submit([second]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("5.0", Assert.Single(lines).Text);
        Assert.Empty(await batcher.Submit([]));
    }

    [Fact]
    public void A_crop_is_copied_into_its_batch_slice_with_zero_padding_on_the_right()
    {
        var page = RasterImage.CreateWhite(40, 10);
        using var crop = SampledCrop.From(page, new Quad(new(0, 0), new(40, 0), new(40, 10), new(0, 10)), 48, 3200);
        Assert.Equal(192, crop.Width);
        var slice = new float[3 * 48 * 320];
        Array.Fill(slice, float.NaN);
        crop.CopyTo(slice, 48, 320);
        for (var row = 0; row < 3 * 48; row++)
        {
            Assert.All(slice.AsSpan(row * 320, 192).ToArray(), v => Assert.Equal(1f, v, 4)); // white is (255/255 − 0.5) / 0.5
            Assert.All(slice.AsSpan((row * 320) + 192, 128).ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [RealPdfFact]
    public void Shared_batches_read_concurrent_real_pages_as_they_are_read_alone()
    {
        var pdf = File.ReadAllBytes(RepoPaths.RealPdf!);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        int[] indices = [11, 19, 32];
        var rasters = indices.Select(i => document.RenderPage(i, 100)).ToArray();
        using var alone = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, RecognitionBatchSize = 4, RecognitionBatchWindowMs = 0, LoadOrientationClassifier = false, IntraOpThreads = 1 });
        using var shared = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, RecognitionBatchSize = 4, RecognitionBatchWindowMs = 50, LoadOrientationClassifier = false, IntraOpThreads = 1 });
        var expected = rasters.Select(r => Lines(alone.Recognize(r, 1))).ToArray();
        var actual = rasters.AsParallel().AsOrdered().WithDegreeOfParallelism(3).Select(r => Lines(shared.Recognize(r, 1))).ToArray();
        for (var i = 0; i < rasters.Length; i++)
        {
            Assert.True(expected[i].Count > 10, $"page {i}: only {expected[i].Count} lines");
            Assert.Equal(expected[i].Select(l => l.Polygon[0]), actual[i].Select(l => l.Polygon[0]));
            // Another page's lines in a batch change its padding, which changes a character here and there (up to 1.8 %
            // at this small size); a line given to the wrong page would cost far more.
            string aloneText = string.Join('\n', expected[i].Select(l => l.Text)), sharedText = string.Join('\n', actual[i].Select(l => l.Text));
            var cer = TextMetrics.Cer(aloneText, sharedText);
            Assert.True(cer < 0.04, $"page {i}: shared and alone differ by {TextMetrics.Percent(cer)}");
            var truth = PdfTextLayer.ReadText(pdf, indices[i]);
            double aloneCer = TextMetrics.Cer(truth, aloneText), sharedCer = TextMetrics.Cer(truth, sharedText);
            Assert.True(sharedCer <= aloneCer + 0.01, $"page {i}: shared batches read {TextMetrics.Percent(sharedCer)} off the text layer, alone {TextMetrics.Percent(aloneCer)}");
        }
    }

    private static List<Line> Lines(PageResult page) => [.. page.Blocks.SelectMany(b => b.Lines)];
}
