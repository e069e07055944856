namespace Folio.Pipeline;

/// <summary>
/// A callback that retrying cannot help: the receiver answered a 4xx other than 408 or 429, the URL or its addresses
/// are not allowed, or no signing secret is configured. Not retried (<see cref="RetryPolicies.IsTransient"/>).
/// </summary>
public sealed class CallbackRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CallbackRefusedException()
        : base("The callback was refused.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CallbackRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CallbackRefusedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
