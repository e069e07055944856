using Folio.Documents;
using Microsoft.DurableTask;

namespace Folio.Pipeline;

/// <summary>A failure as callers see it: a stable code and a short text.</summary>
/// <param name="Code">For programs: one of the <see cref="FailureReasons"/> codes.</param>
/// <param name="Text">For people: the error's own message when it is written for the caller, a fixed text otherwise.</param>
public sealed record FailureReason(string Code, string Text);

/// <summary>
/// What a failed step tells its caller. Errors written for callers keep their message (a refused document or page, a
/// source changed since submission, a busy or failing recognition service); anything else — a storage error, a bug —
/// is <c>internal_error</c> with a fixed text, since its message may name files, hosts, settings or library
/// internals. The detail always goes to the log (<see cref="Detail"/>).
/// </summary>
public static class FailureReasons
{
    /// <summary>The document was refused: not a supported type, damaged, encrypted, too large or too complex.</summary>
    public const string DocumentRefused = "document_refused";

    /// <summary>A page was refused by the recognizer (its bytes, not the service, are at fault); not retried.</summary>
    public const string PageRefused = "page_refused";

    /// <summary>The source was replaced after the job was submitted.</summary>
    public const string SourceChanged = "source_changed";

    /// <summary>The recognition service stayed busy past the retry budget.</summary>
    public const string ServiceBusy = "service_busy";

    /// <summary>The recognition service failed, timed out or could not be reached on every attempt.</summary>
    public const string RecognitionFailed = "recognition_failed";

    /// <summary>A page's stored result was missing at assembly.</summary>
    public const string ResultMissing = "result_missing";

    /// <summary>Anything else; the log has the detail.</summary>
    public const string InternalError = "internal_error";

    // The errors whose messages are written for the caller, and their codes.
    private static readonly (Type Type, string Code)[] CallerFacing =
    [
        (typeof(DocumentException), DocumentRefused),
        (typeof(PageRejectedException), PageRefused),
        (typeof(SourceChangedException), SourceChanged),
        (typeof(ServiceBusyException), ServiceBusy),
        (typeof(PageRecognitionException), RecognitionFailed),
    ];

    private const string InternalText = "An internal error stopped this step; the service's logs have the detail.";

    /// <summary>The callback was refused (not https, no secret, a 4xx from the receiver); not retried.</summary>
    public const string CallbackRefused = "callback_refused";

    /// <summary>The callback's receiver failed or could not be reached on every attempt.</summary>
    public const string CallbackFailed = "callback_failed";

    /// <summary>The caller's view of a failed activity or sub-orchestration (its innermost failure).</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="alsoCallerFacing">Errors that are written for the caller in this step only, with their codes.</param>
    public static FailureReason Of(TaskFailedException exception, params (Type Type, string Code)[] alsoCallerFacing)
    {
        var details = Innermost(exception);
        var code = CallerFacing.Concat(alsoCallerFacing).FirstOrDefault(c => string.Equals(details.ErrorType, c.Type.FullName, StringComparison.Ordinal)).Code ?? InternalError;
        return new FailureReason(code, code == InternalError ? InternalText : RetryPolicies.Shorten(details.ErrorMessage));
    }

    /// <summary>The innermost failure's type and message, for the log only.</summary>
    public static string Detail(TaskFailedException exception)
    {
        var details = Innermost(exception);
        return RetryPolicies.Shorten($"{details.ErrorType}: {details.ErrorMessage}");
    }

    private static TaskFailureDetails Innermost(TaskFailedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var details = exception.FailureDetails;
        while (details.InnerFailure is not null && string.Equals(details.ErrorType, typeof(TaskFailedException).FullName, StringComparison.Ordinal))
        {
            details = details.InnerFailure;
        }

        return details;
    }

}
