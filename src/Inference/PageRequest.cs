using Folio.Documents;
using Microsoft.AspNetCore.Http.Features;

namespace Folio.Inference;

/// <summary>Which page of an upload, at which resolution: the query of <c>/v1/ocr</c> and <c>/v1/render</c>.</summary>
/// <param name="PageNumber">1-based number of the page in its document (<c>page</c>, default 1).</param>
/// <param name="FirstPageNumber">Number of the upload's first page in its document (<c>firstPage</c>, default 1; a page sent alone gives its own number).</param>
/// <param name="Dpi">PDF rendering resolution (<c>dpi</c>, default <see cref="InferenceOptions.DefaultDpi"/>).</param>
internal sealed record PageQuery(int PageNumber, int FirstPageNumber, int Dpi);

/// <summary>
/// The steps every page endpoint takes around its own work, once the request is admitted (<see cref="PageAdmission"/>:
/// the query and the cheap checks of the body) and holds a page slot (<see cref="PageSlots"/>): the whole body, then
/// the work, within <see cref="InferenceOptions.PageTimeoutSeconds"/> (504 <c>page_timeout</c> past it). Documents the
/// decoders refuse become their problem (<see cref="ServiceProblem.OfDocument"/>), a PDF poppler cannot open or render
/// within <see cref="InferenceOptions.RenderTimeoutSeconds"/> among them (422 <c>too_complex</c>); a caller who goes
/// away is answered 499. Either way the work stops at its next stage, or stops being waited for in the middle of
/// poppler's (<see cref="NativeWatchdog"/>), and the slot is given back.
/// </summary>
internal static partial class PageRequest
{
    /// <summary>Runs <paramref name="work"/> on the uploaded bytes; the outcome goes to the request's <see cref="PageRequestFeature"/>.</summary>
    public static async Task<IResult> HandleAsync(
        HttpContext context, InferenceOptions options, ILogger logger,
        Func<byte[], PageQuery, DocumentLimits, CancellationToken, Task<IResult>> work, CancellationToken cancellationToken)
    {
        var page = context.Features.GetRequiredFeature<PageRequestFeature>();
        try
        {
            var bytes = await page.Upload!.ReadAllAsync(options.MaxRequestBytes, cancellationToken);
            if (bytes is null)
            {
                return Refuse(context, page, ServiceProblem.TooLarge(options.MaxRequestBytes), options);
            }

            var renderTime = TimeSpan.FromSeconds(options.RenderTimeoutSeconds);
            var limits = DocumentLimits.Default with { MaxBytes = options.MaxRequestBytes, MaxPixels = options.MaxPixels, MaxParseTime = renderTime, MaxRenderTime = renderTime };
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(TimeSpan.FromSeconds(options.PageTimeoutSeconds));
            try
            {
                var result = await work(bytes, page.Query, limits, budget.Token);
                page.Succeed();
                return result;
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                LogTimedOut(logger, options.PageTimeoutSeconds);
                return Refuse(context, page, ServiceProblem.PageTimeout(options.PageTimeoutSeconds), options);
            }
        }
        catch (DocumentException ex)
        {
            LogRejected(logger, ex.Kind, ex.Message);
            return Refuse(context, page, ServiceProblem.OfDocument(ex), options);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCanceled(logger);
            return Results.StatusCode(ServiceProblem.ClientClosedRequest);
        }
    }

    /// <summary>A caller who went away before its page was admitted: 499, logged.</summary>
    public static Task CanceledAsync(HttpContext context, ILogger logger)
    {
        LogCanceled(logger);
        return Results.StatusCode(ServiceProblem.ClientClosedRequest).ExecuteAsync(context);
    }

    /// <summary>The problem as the answer, its code as the failure reason.</summary>
    public static IResult Refuse(HttpContext context, PageRequestFeature page, ServiceProblem problem, InferenceOptions options)
    {
        page.Fail(problem.Code);
        return problem.ToResult(context.Response, options.RetryAfterSeconds);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Rejected a page: {Kind}: {Reason}")]
    private static partial void LogRejected(ILogger logger, DocumentErrorKind kind, string reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "A page took longer than {Seconds} s; its work was stopped")]
    private static partial void LogTimedOut(ILogger logger, double seconds);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "The caller went away; the page was dropped")]
    private static partial void LogCanceled(ILogger logger);
}
