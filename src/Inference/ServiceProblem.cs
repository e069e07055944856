using System.Globalization;
using Folio.Documents;

namespace Folio.Inference;

/// <summary>
/// A refusal as callers see it: problem+json with a stable <c>code</c> (also the <c>reason</c> tag of the page metrics)
/// beside the status, a title and a detail. Details describe the caller's request or input, never the service's
/// internals: exception messages from inside the service go to the log only.
/// </summary>
internal sealed record ServiceProblem(string Code, int Status, string Title, string Detail)
{
    /// <summary>The extension member that carries <see cref="Code"/>.</summary>
    public const string CodeMember = "code";

    /// <summary>Status for a client that went away before its answer (nginx's convention; nobody reads it).</summary>
    public const int ClientClosedRequest = 499;

    public static ServiceProblem NotReady(string phase) =>
        new("not_ready", StatusCodes.Status503ServiceUnavailable, "Not ready", $"The OCR engine is not ready ({phase}); see /readyz.");

    public static ServiceProblem BadParameter(int maxDpi) =>
        new("bad_request", StatusCodes.Status400BadRequest, "Bad parameter", $"page, firstPage and dpi must be whole numbers: page and firstPage ≥ 1, dpi between {InferenceOptions.MinDpi} and {maxDpi}.");

    public static ServiceProblem TooLarge(long limit) =>
        new("too_large", StatusCodes.Status413PayloadTooLarge, "Too large", $"The body exceeds {limit} bytes.");

    public static ServiceProblem UnsupportedContentType(string? mediaType) =>
        new("unsupported_type", StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            $"Content-Type '{mediaType ?? "(none)"}' is not accepted; send application/pdf or an image (png, jpeg, bmp, webp, tiff, gif).");

    public static ServiceProblem Empty() =>
        new("empty", StatusCodes.Status422UnprocessableEntity, "Empty body", "The request body is empty; send the bytes of an image or PDF.");

    public static ServiceProblem NotADocument() =>
        new("unsupported_type", StatusCodes.Status415UnsupportedMediaType, "Unsupported document", "The bytes are not a PDF, PNG, JPEG, BMP, WebP, TIFF or GIF file.");

    public static ServiceProblem Busy(int capacity) =>
        new("busy", StatusCodes.Status429TooManyRequests, "Busy", $"{capacity} pages are being processed; retry later.");

    public static ServiceProblem PageTimeout(double seconds) =>
        new("page_timeout", StatusCodes.Status504GatewayTimeout, "Page took too long", $"The page was not read within {seconds:0.###} s (Inference:PageTimeoutSeconds); the work was stopped.");

    public static ServiceProblem Internal() =>
        new("internal_error", StatusCodes.Status500InternalServerError, "Internal error",
            "The service failed while handling the request. The cause is in its log, under this response's traceId.");

    /// <summary>
    /// A document the decoders refused. Its message is about the caller's bytes (size, page count, damage, password, a
    /// page too slow to render), so it is shown.
    /// </summary>
    public static ServiceProblem OfDocument(DocumentException error) => error.Kind switch
    {
        DocumentErrorKind.UnsupportedType => new("unsupported_type", StatusCodes.Status415UnsupportedMediaType, "Unsupported document", error.Message),
        DocumentErrorKind.TooLarge => new("too_large", StatusCodes.Status413PayloadTooLarge, "Too large", error.Message),
        DocumentErrorKind.PageOutOfRange => new("page_out_of_range", StatusCodes.Status422UnprocessableEntity, "No such page", error.Message),
        DocumentErrorKind.Encrypted => new("encrypted", StatusCodes.Status422UnprocessableEntity, "Encrypted document", error.Message),
        DocumentErrorKind.TooComplex => new("too_complex", StatusCodes.Status422UnprocessableEntity, "Too complex", error.Message),
        _ => new("undecodable", StatusCodes.Status422UnprocessableEntity, "Undecodable document", error.Message),
    };

    /// <summary>The problem+json result. A 429 also sets <c>Retry-After</c> on <paramref name="response"/>.</summary>
    public IResult ToResult(HttpResponse response, int retryAfterSeconds = 0)
    {
        var extensions = new Dictionary<string, object?> { [CodeMember] = Code };
        if (Status == StatusCodes.Status429TooManyRequests)
        {
            response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            extensions["retryAfterSeconds"] = retryAfterSeconds;
        }

        return Results.Problem(statusCode: Status, title: Title, detail: Detail, extensions: extensions);
    }
}
