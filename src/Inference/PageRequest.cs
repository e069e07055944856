using Folio.Documents;

namespace Folio.Inference;

/// <summary>Which page of an upload, at which resolution: the query of <c>/v1/ocr</c> and <c>/v1/render</c>.</summary>
/// <param name="PageNumber">1-based number of the page in its document (<c>page</c>, default 1).</param>
/// <param name="FirstPageNumber">Number of the upload's first page in its document (<c>firstPage</c>, default 1; a page sent alone gives its own number).</param>
/// <param name="Dpi">PDF rendering resolution (<c>dpi</c>, default <see cref="InferenceOptions.DefaultDpi"/>).</param>
internal sealed record PageQuery(int PageNumber, int FirstPageNumber, int Dpi);

/// <summary>What a page request came to: the answer, and the reason it failed (the metrics' <c>reason</c>), null when it did not.</summary>
internal readonly record struct PageOutcome(IResult Result, string? FailureReason);

/// <summary>
/// The steps every page endpoint takes around its own work, in this order: the query, the cheap checks of the body
/// (<see cref="UploadScreen"/>), a page slot (<see cref="PageGate"/>; 429 when none is free), the whole body, then the work.
/// Documents the decoders refuse become their problem (<see cref="ServiceProblem.OfDocument"/>); a caller who goes away is
/// answered 499 and its slot given back.
/// </summary>
internal static partial class PageRequest
{
    /// <summary>Runs <paramref name="work"/> on the uploaded bytes inside a page slot.</summary>
    public static async Task<PageOutcome> HandleAsync(
        HttpRequest request, PageGate gate, InferenceOptions options, ILogger logger, int? page, int? firstPage, int? dpi,
        Func<byte[], PageQuery, DocumentLimits, CancellationToken, Task<IResult>> work, CancellationToken cancellationToken)
    {
        var query = new PageQuery(page ?? 1, firstPage ?? 1, dpi ?? options.DefaultDpi);
        if (query.PageNumber < 1 || query.FirstPageNumber < 1 || query.Dpi < 36 || query.Dpi > options.MaxDpi)
        {
            return Refuse(request, ServiceProblem.BadParameter(options.MaxDpi), options);
        }

        try
        {
            var (upload, refusal) = await UploadScreen.ScreenAsync(request, options.MaxRequestBytes, cancellationToken);
            if (upload is null)
            {
                LogScreenedOut(logger, refusal!.Code);
                return Refuse(request, refusal, options);
            }

            if (!gate.TryEnter())
            {
                LogSaturated(logger, gate.Capacity);
                return Refuse(request, ServiceProblem.Busy(gate.Capacity), options);
            }

            try
            {
                var bytes = await upload.ReadAllAsync(options.MaxRequestBytes, cancellationToken);
                if (bytes is null)
                {
                    return Refuse(request, ServiceProblem.TooLarge(options.MaxRequestBytes), options);
                }

                var limits = DocumentLimits.Default with { MaxBytes = options.MaxRequestBytes, MaxPixels = options.MaxPixels };
                return new(await work(bytes, query, limits, cancellationToken), null);
            }
            finally
            {
                gate.Exit();
            }
        }
        catch (DocumentException ex)
        {
            LogRejected(logger, ex.Kind, ex.Message);
            return Refuse(request, ServiceProblem.OfDocument(ex), options);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCanceled(logger);
            return new(Results.StatusCode(ServiceProblem.ClientClosedRequest), "canceled");
        }
    }

    /// <summary>The problem as the answer, its code as the failure reason.</summary>
    public static PageOutcome Refuse(HttpRequest request, ServiceProblem problem, InferenceOptions options) =>
        new(problem.ToResult(request.HttpContext.Response, options.RetryAfterSeconds), problem.Code);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Rejected a page: {Kind}: {Reason}")]
    private static partial void LogRejected(ILogger logger, DocumentErrorKind kind, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Saturated: {Capacity} pages in flight, answered 429")]
    private static partial void LogSaturated(ILogger logger, int capacity);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "The caller went away; the page was dropped")]
    private static partial void LogCanceled(ILogger logger);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Rejected a page before taking a slot: {Code}")]
    private static partial void LogScreenedOut(ILogger logger, string code);
}
