using Microsoft.DurableTask;

namespace Folio.Pipeline;

/// <summary>Registers the pipeline's orchestrators and activities with a Durable Task worker.</summary>
public static class PipelineRegistration
{
    /// <summary>
    /// Adds <see cref="DocumentOrchestrator"/>, <see cref="PageBatchOrchestrator"/> and the three activities.
    /// The activities take <see cref="IWorkStore"/>, <see cref="IPageRecognizer"/> and <c>IOptions&lt;DocumentLimits&gt;</c> from DI.
    /// </summary>
    public static DurableTaskRegistry AddFolioPipeline(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<DocumentOrchestrator>();
        registry.AddOrchestrator<PageBatchOrchestrator>();
        registry.AddActivity<PrepareDocumentActivity>();
        registry.AddActivity<RecognizePageActivity>();
        registry.AddActivity<AssembleDocumentActivity>();
        return registry;
    }
}
