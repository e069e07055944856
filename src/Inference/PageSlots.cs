using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// The page slots: one <see cref="ConcurrencyLimiter"/> of <see cref="InferenceOptions.MaxPagesInFlight"/> permits with a
/// queue of <see cref="InferenceOptions.PageQueueLength"/>, shared by <c>/v1/ocr</c> and <c>/v1/render</c> through ASP.NET
/// Core's rate limiting middleware (policy <see cref="PolicyName"/>). The middleware runs after
/// <see cref="PageAdmission"/>, so a request takes or waits for a slot only once its cheap checks have passed; one
/// that finds the slots and the queue full gets 429 with Retry-After (<see cref="Rejected"/>).
/// </summary>
internal sealed partial class PageSlots : IDisposable
{
    /// <summary>Name of the rate limiting policy of the page endpoints.</summary>
    public const string PolicyName = "pages";

    private static readonly Lock ThreadsLock = new();
    private readonly ConcurrencyLimiter _limiter;
    private readonly InferenceOptions _options;
    private volatile bool _disposed;

    public PageSlots(IOptions<InferenceOptions> options)
    {
        _options = options.Value;
        Capacity = _options.EffectiveMaxPagesInFlight;
        QueueLength = _options.PageQueueLength;
        // A page is read synchronously on a pool thread, which it holds while its model runs wait for the GPU and for
        // shared batches, and on the GPU a second one reads its lines while the classifier runs; so the pool keeps two
        // threads ready for every slot, beside one per core for the requests themselves, rather than adding one thread
        // every half second while admitted pages wait for a thread.
        KeepThreadsReady((2 * Capacity) + Environment.ProcessorCount);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Capacity,
            QueueLimit = QueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>How many pages may be processed at once.</summary>
    public int Capacity { get; }

    /// <summary>How many page requests may wait for a slot.</summary>
    public int QueueLength { get; }

    /// <summary>Pages being processed now.</summary>
    public int InFlight => _disposed ? 0 : Capacity - (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? Capacity);

    /// <summary>Page requests waiting for a slot now.</summary>
    public int Queued => _disposed ? 0 : (int)(_limiter.GetStatistics()?.CurrentQueuedCount ?? 0);

    /// <summary>
    /// Raises the pool's ready threads to at least <paramref name="threads"/>. The setting is the process's: hosts
    /// starting side by side (as test hosts do) read and raise it one at a time, so a small one never lowers what a large
    /// one asked for.
    /// </summary>
    private static void KeepThreadsReady(int threads)
    {
        lock (ThreadsLock)
        {
            ThreadPool.GetMinThreads(out var workers, out var completions);
            if (threads > workers)
            {
                ThreadPool.SetMinThreads(threads, completions);
            }
        }
    }

    /// <summary>Registers the policy and the 429 answer.</summary>
    public static void Configure(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = Rejected;
        // Every page request shares the one limiter, whoever sends it.
        options.AddPolicy(PolicyName, context => context.RequestServices.GetRequiredService<PageSlots>().Partition());
    }

    /// <summary>
    /// The partition of every page request. The middleware drops and disposes partitions that stay idle, so it gets a
    /// view of the one limiter that never reports idle and whose disposal leaves the limiter alone.
    /// </summary>
    private RateLimitPartition<string> Partition() => RateLimitPartition.Get(PolicyName, _ => new SharedLimiter(_limiter));

    /// <summary>The slots and the queue are full: 429 with Retry-After and the <c>busy</c> problem, counted as a busy page.</summary>
    private static ValueTask Rejected(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var slots = http.RequestServices.GetRequiredService<PageSlots>();
        LogSaturated(http.RequestServices.GetRequiredService<ILogger<PageSlots>>(), slots.Capacity, slots.QueueLength);
        var problem = ServiceProblem.Busy(slots.Capacity);
        http.Features.Get<PageRequestFeature>()?.Fail(problem.Code);
        return new(problem.ToResult(http.Response, slots._options.RetryAfterSeconds).ExecuteAsync(http));
    }

    // The gauges may be read once more while the host stops: they read 0 then.
    public void Dispose()
    {
        _disposed = true;
        _limiter.Dispose();
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Saturated: {Capacity} pages in flight and {QueueLength} waiting, answered 429")]
    private static partial void LogSaturated(ILogger logger, int capacity, int queueLength);

    private sealed class SharedLimiter(RateLimiter inner) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            inner.AcquireAsync(permitCount, cancellationToken);

        // The limiter belongs to PageSlots: nothing of it is disposed here.
        protected override void Dispose(bool disposing) => base.Dispose(disposing);
    }
}
