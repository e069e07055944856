using System.Diagnostics;
using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Pages;
using Folio.Pages.Imaging;

namespace Folio.Inference;

/// <summary>
/// The stages of <c>/v1/ocr</c> inside a page slot, each in its span: render (opening the bytes, rendering the page),
/// the engine's own stages, serialize. A cancelled request stops at the next stage boundary, or at once while poppler
/// opens or renders the page (its call is left to end on its own thread).
/// </summary>
internal static class OcrStages
{
    /// <summary>Renders the page (<see cref="PageReader"/>) and reads it; runs on a worker thread.</summary>
    /// <exception cref="OperationCanceledException">The caller went away, or the page's time ran out, before a stage.</exception>
    public static (PageResult Result, RasterImage Raster) RenderAndRecognize(
        OcrEngine engine, byte[] bytes, DocumentLimits limits, PageQuery query, string engineName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RenderedPage page;
        using (var span = StartStage("render", query.PageNumber, engineName))
        {
            try
            {
                page = PageReader.Read(bytes, query.PageNumber, query.Dpi, limits, query.FirstPageNumber, cancellationToken);
            }
            catch (DocumentException ex)
            {
                span?.SetStatus(ActivityStatusCode.Error, ex.Kind.ToString());
                throw;
            }

            span?.SetTag(OcrTelemetry.PageWidth, page.Raster.Width).SetTag(OcrTelemetry.PageHeight, page.Raster.Height);
            OcrTelemetry.RecordStage("render", page.TimingsMs["render"] / 1000);
        }

        return (engine.Recognize(page, cancellationToken: cancellationToken), page.Raster);
    }

    /// <summary>The PageResult to JSON bytes, inside its span (Results.Json would write it after the span).</summary>
    public static IResult Serialize(PageResult result, string engineName)
    {
        var clock = Stopwatch.StartNew();
        using var span = StartStage("serialize", result.PageNumber, engineName);
        span?.SetTag(OcrTelemetry.PageWidth, result.Width).SetTag(OcrTelemetry.PageHeight, result.Height)
            .SetTag(OcrTelemetry.Lines, result.Blocks.Sum(b => b.Lines.Count));
        var json = JsonSerializer.SerializeToUtf8Bytes(result, InferenceJson.Options);
        OcrTelemetry.RecordStage("serialize", clock.Elapsed.TotalSeconds);
        return Results.Bytes(json, "application/json; charset=utf-8");
    }

    private static Activity? StartStage(string stage, int pageNumber, string engineName)
    {
        var span = InferenceMetrics.Source.StartActivity(stage, ActivityKind.Internal);
        span?.SetTag(OcrTelemetry.PageNumber, pageNumber).SetTag(OcrTelemetry.Engine, engineName);
        return span;
    }
}
