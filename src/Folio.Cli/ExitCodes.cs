using Folio.Pipeline;

namespace Folio.Cli;

/// <summary>The exit codes of <c>folio</c> (64 and 66 as in BSD sysexits.h).</summary>
internal static class ExitCodes
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int PartiallySucceeded = 2;
    public const int Usage = 64;
    public const int NoInput = 66;

    /// <summary>The table shown at the end of <c>--help</c>.</summary>
    public const string Help = """
        Exit codes:
          0   every document was read
          2   some pages failed, or some documents failed and others were read
          1   the document failed (every document, when there are several)
          64  usage error
          66  an input does not exist or cannot be read
        """;

    /// <summary>The exit code of a run over several documents: null marks one that did not finish (canceled, or an error).</summary>
    public static int Overall(IReadOnlyCollection<DocumentStatus?> documents) =>
        documents.All(s => s == DocumentStatus.Succeeded) ? Succeeded
        : documents.All(s => s is null or DocumentStatus.Failed) ? Failed
        : PartiallySucceeded;
}
