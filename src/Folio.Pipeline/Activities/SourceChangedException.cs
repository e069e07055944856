namespace Folio.Pipeline;

/// <summary>The document under a job's source name is no longer the one the job was submitted with. Not retried.</summary>
public sealed class SourceChangedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SourceChangedException()
        : base("The source changed after it was submitted.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SourceChangedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SourceChangedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
