using Microsoft.AspNetCore.Diagnostics;

namespace Folio.Inference;

/// <summary>
/// Answers exceptions that escaped an endpoint. The exception (type, message, stack) goes to the log; the caller gets a
/// stable code and a fixed text with the trace id to quote, never the message, which may name files, settings or
/// library internals. A request the framework could not bind (a query parameter that is not a number) is the caller's
/// fault: 400, still with a fixed text.
/// </summary>
internal sealed partial class InternalErrorHandler(ILogger<InternalErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; the framework records it as such.
            return false;
        }

        ServiceProblem problem;
        if (exception is BadHttpRequestException bad)
        {
            LogBadRequest(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? string.Empty, bad.Message);
            problem = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new ServiceProblem("too_large", bad.StatusCode, "Too large", "The body exceeds the size limit (Inference:MaxRequestBytes).")
                : new ServiceProblem("bad_request", bad.StatusCode, "Bad request", "The request could not be read: query parameters page and dpi must be whole numbers.");
        }
        else
        {
            LogFailed(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? string.Empty, exception);
            problem = ServiceProblem.Internal();
        }

        // problem+json gets the traceId member from the problem details service.
        await problem.ToResult(httpContext.Response).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "{Method} {Path} failed; the caller got internal_error")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "{Method} {Path} could not be bound: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string method, string path, string reason);
}
