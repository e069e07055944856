using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Pipeline;

/// <summary>The pipeline's orchestrators and activities by name, registered the same way by every host.</summary>
public static class PipelineRegistration
{
    /// <summary><see cref="DocumentOrchestrator"/> and <see cref="PageBatchOrchestrator"/>, each made fresh per execution.</summary>
    public static IReadOnlyDictionary<string, Func<ITaskOrchestrator>> Orchestrators { get; } = new Dictionary<string, Func<ITaskOrchestrator>>(StringComparer.Ordinal)
    {
        [TaskNames.DocumentOrchestrator] = () => new DocumentOrchestrator(),
        [TaskNames.PageBatchOrchestrator] = () => new PageBatchOrchestrator(),
    };

    /// <summary>The activities, created from DI (<see cref="AddFolioPipeline"/>).</summary>
    public static IReadOnlyDictionary<string, Type> Activities { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [TaskNames.PrepareDocument] = typeof(PrepareDocumentActivity),
        [TaskNames.RecognizePage] = typeof(RecognizePageActivity),
        [TaskNames.AssembleDocument] = typeof(AssembleDocumentActivity),
        [TaskNames.NotifyCompletion] = typeof(NotifyCompletionActivity),
    };

    /// <summary>
    /// Registers the activities of <see cref="Activities"/>. They take <see cref="IWorkStore"/>, <see cref="IPageRecognizer"/>,
    /// <c>IOptions&lt;DocumentLimits&gt;</c> and, for copies to a destination, <see cref="ILocationStorage"/> from DI; the notification
    /// step takes the <see cref="CallbackSender"/> and the <see cref="ICompletionPublisher"/>s when the host registers them.
    /// </summary>
    public static IServiceCollection AddFolioPipeline(this IServiceCollection services)
    {
        foreach (var activity in Activities.Values)
        {
            services.AddTransient(activity);
        }

        return services;
    }
}
