using System.Diagnostics;
using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Ocr.Imaging;

namespace Folio.Inference;

/// <summary>
/// The stages of <c>/v1/ocr</c> inside a page slot, each in its span: render (opening the bytes, rendering the page),
/// the engine's own stages, serialize. A cancelled request stops at the next stage boundary.
/// </summary>
internal static class OcrStages
{
    /// <summary>Renders the page and reads it; runs on a worker thread.</summary>
    /// <exception cref="OperationCanceledException">The caller went away before render or before OCR.</exception>
    public static (PageResult Result, RasterImage Raster) RenderAndRecognize(
        OcrEngine engine, byte[] bytes, DocumentLimits limits, int pageNumber, int dpi, string engineName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        IDocument? document = null;
        try
        {
            RasterImage raster;
            using (var span = StartStage("render", pageNumber, engineName))
            {
                try
                {
                    document = DocumentOpener.Open(bytes, limits);
                    if (pageNumber > document.PageCount)
                    {
                        throw new DocumentException(DocumentErrorKind.PageOutOfRange, $"Page {pageNumber} was asked for; the document has {document.PageCount}.");
                    }

                    raster = document.RenderPage(pageNumber - 1, dpi);
                }
                catch (DocumentException ex)
                {
                    span?.SetStatus(ActivityStatusCode.Error, ex.Kind.ToString());
                    throw;
                }

                span?.SetTag(OcrTelemetry.PageWidth, raster.Width).SetTag(OcrTelemetry.PageHeight, raster.Height);
                OcrTelemetry.RecordStage("render", clock.Elapsed.TotalSeconds);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var render = new Dictionary<string, double> { ["render"] = Math.Round(clock.Elapsed.TotalMilliseconds, 2) };
            double? effectiveDpi = document.Type == DocumentType.Pdf ? dpi : null;
            return (engine.Recognize(raster, pageNumber, OcrRequestOptions.Default, effectiveDpi, render), raster);
        }
        finally
        {
            document?.Dispose();
        }
    }

    /// <summary>The PageResult to JSON bytes, inside its span (Results.Json would write it after the span).</summary>
    public static IResult Serialize(PageResult result, string engineName)
    {
        var clock = Stopwatch.StartNew();
        using var span = StartStage("serialize", result.Index, engineName);
        span?.SetTag(OcrTelemetry.PageWidth, result.Width).SetTag(OcrTelemetry.PageHeight, result.Height)
            .SetTag(OcrTelemetry.Lines, result.Blocks.Sum(b => b.Lines.Count));
        var json = JsonSerializer.SerializeToUtf8Bytes(result, InferenceJson.Options);
        OcrTelemetry.RecordStage("serialize", clock.Elapsed.TotalSeconds);
        return Results.Bytes(json, "application/json; charset=utf-8");
    }

    private static Activity? StartStage(string stage, int pageNumber, string engineName)
    {
        var span = InferenceMetrics.Source.StartActivity(stage, ActivityKind.Internal);
        span?.SetTag(OcrTelemetry.PageIndex, pageNumber).SetTag(OcrTelemetry.Engine, engineName);
        return span;
    }
}
