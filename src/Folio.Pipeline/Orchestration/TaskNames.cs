namespace Folio.Pipeline;

/// <summary>Names under which the orchestrators and activities are registered (and the Functions app's function names).</summary>
public static class TaskNames
{
    /// <summary><see cref="DocumentOrchestrator"/>.</summary>
    public const string DocumentOrchestrator = "DocumentOrchestrator";

    /// <summary><see cref="PageBatchOrchestrator"/>.</summary>
    public const string PageBatchOrchestrator = "PageBatchOrchestrator";

    /// <summary><see cref="PrepareDocumentActivity"/>.</summary>
    public const string PrepareDocument = "PrepareDocument";

    /// <summary><see cref="RecognizePageActivity"/>.</summary>
    public const string RecognizePage = "RecognizePage";

    /// <summary><see cref="AssembleDocumentActivity"/>.</summary>
    public const string AssembleDocument = "AssembleDocument";

    /// <summary><see cref="NotifyCompletionActivity"/>.</summary>
    public const string NotifyCompletion = "NotifyCompletion";
}
