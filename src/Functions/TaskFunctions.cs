using Folio.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Folio.Functions;

/// <summary>
/// Orchestrator triggers: thin wrappers over the class-based orchestrators of Folio.Pipeline, one per name of
/// <see cref="PipelineRegistration.Orchestrators"/>.
/// </summary>
public static class OrchestratorFunctions
{
    /// <summary>Runs <see cref="Pipeline.DocumentOrchestrator"/>.</summary>
    [Function(TaskNames.DocumentOrchestrator)]
    public static Task<DocumentOutcome> DocumentOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new DocumentOrchestrator().RunAsync(context, context.GetInput<DocumentJob>()!);

    /// <summary>Runs <see cref="Pipeline.PageBatchOrchestrator"/>.</summary>
    [Function(TaskNames.PageBatchOrchestrator)]
    public static Task<PageBatchResult> PageBatchOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PageBatchOrchestrator().RunAsync(context, context.GetInput<PageBatch>()!);
}

/// <summary>Activity triggers: thin wrappers over the class-based activities of <see cref="PipelineRegistration.Activities"/> (created by DI, <see cref="PipelineRegistration.AddFolioPipeline"/>).</summary>
public sealed class ActivityFunctions
{
    private readonly PrepareDocumentActivity _prepare;
    private readonly RecognizePageActivity _recognize;
    private readonly AssembleDocumentActivity _assemble;
    private readonly NotifyCompletionActivity _notify;

    /// <summary>Creates the wrappers.</summary>
    public ActivityFunctions(PrepareDocumentActivity prepare, RecognizePageActivity recognize, AssembleDocumentActivity assemble, NotifyCompletionActivity notify)
    {
        _prepare = prepare;
        _recognize = recognize;
        _assemble = assemble;
        _notify = notify;
    }

    /// <summary>Runs <see cref="PrepareDocumentActivity"/>.</summary>
    [Function(TaskNames.PrepareDocument)]
    public Task<DocumentManifest> PrepareDocument([ActivityTrigger] DocumentJob input, FunctionContext context) =>
        _prepare.RunAsync(new FunctionActivityContext(TaskNames.PrepareDocument, context), input);

    /// <summary>Runs <see cref="RecognizePageActivity"/>.</summary>
    [Function(TaskNames.RecognizePage)]
    public Task<PageSummary> RecognizePage([ActivityTrigger] RecognizePageRequest input, FunctionContext context) =>
        _recognize.RunAsync(new FunctionActivityContext(TaskNames.RecognizePage, context), input);

    /// <summary>Runs <see cref="AssembleDocumentActivity"/>.</summary>
    [Function(TaskNames.AssembleDocument)]
    public Task<DocumentOutputs> AssembleDocument([ActivityTrigger] AssembleRequest input, FunctionContext context) =>
        _assemble.RunAsync(new FunctionActivityContext(TaskNames.AssembleDocument, context), input);

    /// <summary>Runs <see cref="NotifyCompletionActivity"/>.</summary>
    [Function(TaskNames.NotifyCompletion)]
    public Task<NotificationReport> NotifyCompletion([ActivityTrigger] NotifyRequest input, FunctionContext context) =>
        _notify.RunAsync(new FunctionActivityContext(TaskNames.NotifyCompletion, context), input);
}

/// <summary>The activity context a class-based activity sees when a Functions trigger runs it.</summary>
internal sealed class FunctionActivityContext(string name, FunctionContext context) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } =
        context.BindingContext.BindingData.TryGetValue("instanceId", out var id) && id is not null ? id.ToString()! : string.Empty;
}
