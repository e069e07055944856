using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Folio.Pipeline;

/// <summary>Registrations of the pipeline's ports.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HttpPageRecognizer"/> as the <see cref="IPageRecognizer"/>: a typed client from the
    /// factory with the standard resilience handler (rate limiter, total timeout, retries of transient
    /// failures, circuit breaker, attempt timeout) sized from <see cref="HttpRecognizerOptions"/>.
    /// </summary>
    public static IHttpClientBuilder AddHttpPageRecognizer(this IServiceCollection services, Action<HttpRecognizerOptions>? configure = null)
    {
        var options = services.AddOptions<HttpRecognizerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var builder = services.AddHttpClient<IPageRecognizer, HttpPageRecognizer>((provider, client) =>
        {
            var settings = provider.GetRequiredService<IOptions<HttpRecognizerOptions>>().Value;
            var baseUrl = settings.BaseUrl ?? throw new InvalidOperationException("Inference:BaseUrl is not set.");
            client.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
            client.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler owns timeouts
        });
        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
        {
            var settings = provider.GetRequiredService<IOptions<HttpRecognizerOptions>>().Value;
            resilience.AttemptTimeout.Timeout = settings.AttemptTimeout;
            resilience.TotalRequestTimeout.Timeout = settings.TotalTimeout > settings.AttemptTimeout ? settings.TotalTimeout : settings.AttemptTimeout * 2;
            resilience.Retry.MaxRetryAttempts = Math.Max(1, settings.MaxRetries);
            resilience.Retry.Delay = TimeSpan.FromMilliseconds(500);
            resilience.CircuitBreaker.SamplingDuration = settings.AttemptTimeout * 2 + TimeSpan.FromSeconds(1);
            resilience.CircuitBreaker.BreakDuration = HttpPageRecognizer.BreakDuration;
            // A busy service (429, 503) is not failing: its answers must not open the breaker, or a saturated service
            // would have every page refused at once (each then spending its attempts on a fault).
            resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
                HttpClientResiliencePredicates.IsTransient(args.Outcome)
                && args.Outcome.Result?.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable));
        });
        return builder;
    }
}
