using Folio.Contracts;

namespace Folio.Pipeline;

/// <summary>Reads one page: bytes in, <see cref="PageResult"/> out. Stateless; the pipeline stores what it returns.</summary>
public interface IPageRecognizer
{
    /// <summary>Recognises one page.</summary>
    /// <exception cref="PageRejectedException">The page can never be read (bad bytes, refused by the service): not retried.</exception>
    /// <exception cref="PageRecognitionException">A transient failure (timeout, 429, 5xx): worth retrying.</exception>
    Task<PageResult> RecognizeAsync(PageInput page, CancellationToken cancellationToken = default);

    /// <summary>
    /// What would produce a page's result (engine and model versions), for the page cache: equal
    /// descriptions mean equal results for equal page bytes and options. Null when unknown; pages are then not cached.
    /// </summary>
    /// <param name="engine">The engine asked for (<see cref="PageInput.Engine"/>), null for the default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<string?> DescribeAsync(string? engine, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
}

/// <summary>One page to recognise.</summary>
/// <param name="Content">The page's bytes: a single-page PDF or an image.</param>
/// <param name="MediaType"><c>application/pdf</c> or an <c>image/*</c> type.</param>
/// <param name="PageNumber">1-based number of the page in its document: the bytes hold this page alone, and the result carries the number.</param>
/// <param name="Dpi">Render resolution for PDF pages (images keep their own pixels).</param>
/// <param name="Engine">Engine to ask for (<c>ppocr</c>, <c>vlm</c>); null for the recogniser's default.</param>
public sealed record PageInput(ReadOnlyMemory<byte> Content, string MediaType, int PageNumber, int Dpi, string? Engine = null);

/// <summary>A page failed in a way that may pass on a retry (timeout, throttling, a server error).</summary>
public class PageRecognitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PageRecognitionException()
        : base("The page could not be recognised.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PageRecognitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PageRecognitionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The recogniser was busy (HTTP 429 or 503), not faulty: the page is retried for longer than after a fault
/// (<see cref="PageRetrySettings.BusyBudget"/>), and the message ends with the wait the service asked for, if any.
/// </summary>
public sealed class ServiceBusyException : PageRecognitionException
{
    /// <summary>Creates the exception.</summary>
    public ServiceBusyException()
        : base("The recogniser is busy.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ServiceBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ServiceBusyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The message for a page the service refused as busy, with the wait it asked for.</summary>
    public static string Describe(int pageNumber, int status, TimeSpan? retryAfter) =>
        retryAfter is { } wait
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Page {pageNumber}: the inference service is busy ({status}); retry after {Math.Ceiling(wait.TotalSeconds):0} s")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Page {pageNumber}: the inference service is busy ({status})");

    /// <summary>The wait a message of <see cref="Describe"/> names, if any.</summary>
    public static TimeSpan? RetryAfterIn(string? message)
    {
        var match = message is null ? null : System.Text.RegularExpressions.Regex.Match(message, @"retry after (\d{1,5}) s$");
        return match is { Success: true } ? TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;
    }
}

/// <summary>A page that will never be read as sent: undecodable, refused (HTTP 4xx), too large. Retry policies do not retry it.</summary>
public sealed class PageRejectedException : PageRecognitionException
{
    /// <summary>Creates the exception.</summary>
    public PageRejectedException()
        : base("The page was rejected.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PageRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PageRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
