using System.Globalization;
using Folio.Pipeline;

namespace Folio.Functions;

/// <summary>
/// Completion notifications: the callbacks jobs may ask for (<c>FOLIO_CALLBACK_*</c>) and the Event Grid topic every
/// job's event is published to (<c>FOLIO_EVENTGRID_*</c>). <c>local.settings.sample.json</c> explains each setting.
/// </summary>
public sealed class NotificationSettings
{
    /// <summary>Shortest accepted signing secret, in characters.</summary>
    public const int MinSecretLength = 32;

    /// <summary>Hosts callbacks may name and whether private addresses are allowed (<c>FOLIO_CALLBACK_HOSTS</c>, <c>FOLIO_CALLBACK_ALLOW_PRIVATE</c>).</summary>
    public CallbackPolicy Callbacks { get; init; } = new([], allowPrivateAddresses: false);

    /// <summary>HMAC-SHA256 key of the callbacks' signature (<c>FOLIO_CALLBACK_SECRET</c>; a Key Vault reference in Azure).</summary>
    public string? CallbackSecret { get; init; }

    /// <summary>Retries of a failing delivery (<c>FOLIO_CALLBACK_ATTEMPTS</c>, default 5; <c>FOLIO_CALLBACK_RETRY_SECONDS</c>, default 5, doubling to 2 minutes).</summary>
    public PageRetrySettings Retry { get; init; } = JobRequest.Defaults.NotificationRetry;

    /// <summary>Limit of one callback attempt (<c>FOLIO_CALLBACK_TIMEOUT_SECONDS</c>, default 30).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Endpoint of the Event Grid custom topic (<c>FOLIO_EVENTGRID_ENDPOINT</c>); null publishes nothing.</summary>
    public Uri? EventGridEndpoint { get; init; }

    /// <summary>Access key of the topic (<c>FOLIO_EVENTGRID_KEY</c>); null to publish with the managed identity (EventGrid Data Sender).</summary>
    public string? EventGridKey { get; init; }

    /// <summary>CloudEvents <c>source</c> of the events (<c>FOLIO_EVENTGRID_SOURCE</c>, default <c>/folio</c>).</summary>
    public string EventSource { get; init; } = "/folio";

    /// <summary>Whether every job's event is published to Event Grid.</summary>
    public bool PublishesEvents => EventGridEndpoint is not null;

    /// <summary>Reads the settings through <paramref name="text"/> (null for a blank or missing setting).</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public static NotificationSettings From(Func<string, string?> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hosts = (text("FOLIO_CALLBACK_HOSTS") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var secret = text("FOLIO_CALLBACK_SECRET");
        if (hosts.Length > 0 && (secret is null || secret.Length < MinSecretLength))
        {
            throw new InvalidOperationException($"FOLIO_CALLBACK_SECRET must be set, at least {MinSecretLength} characters, when FOLIO_CALLBACK_HOSTS allows callbacks.");
        }

        if (hosts.FirstOrDefault(h => Uri.CheckHostName(h.StartsWith("*.", StringComparison.Ordinal) ? h[2..] : h) == UriHostNameType.Unknown) is { } bad)
        {
            throw new InvalidOperationException($"FOLIO_CALLBACK_HOSTS: '{bad}' is not a host name (hooks.example.com or *.example.com).");
        }

        var endpoint = text("FOLIO_EVENTGRID_ENDPOINT");
        Uri? topic = null;
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out topic) || topic.Scheme is not ("https" or "http")))
        {
            throw new InvalidOperationException($"FOLIO_EVENTGRID_ENDPOINT must be the topic's https endpoint, not '{endpoint}'.");
        }

        var defaults = JobRequest.Defaults.NotificationRetry;
        return new NotificationSettings
        {
            Callbacks = new CallbackPolicy(hosts, Flag(text, "FOLIO_CALLBACK_ALLOW_PRIVATE")),
            CallbackSecret = secret,
            Retry = defaults with
            {
                MaxAttempts = Number(text, "FOLIO_CALLBACK_ATTEMPTS", defaults.MaxAttempts, 1),
                FirstDelay = TimeSpan.FromSeconds(Number(text, "FOLIO_CALLBACK_RETRY_SECONDS", (int)defaults.FirstDelay.TotalSeconds, 1)),
            },
            AttemptTimeout = TimeSpan.FromSeconds(Number(text, "FOLIO_CALLBACK_TIMEOUT_SECONDS", 30, 1)),
            EventGridEndpoint = topic,
            EventGridKey = text("FOLIO_EVENTGRID_KEY"),
            EventSource = text("FOLIO_EVENTGRID_SOURCE") ?? "/folio",
        };
    }

    /// <summary>The options of the pipeline's <see cref="CallbackSender"/>.</summary>
    public void Configure(CallbackOptions options, Func<string, string> locate)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Secret = CallbackSecret;
        options.Policy = Callbacks;
        options.AttemptTimeout = AttemptTimeout;
        options.Locate = locate;
    }

    private static int Number(Func<string, string?> text, string name, int fallback, int min)
    {
        var value = text(name);
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min
            ? number
            : throw new InvalidOperationException($"{name} must be a whole number of at least {min}, not '{value}'.");
    }

    private static bool Flag(Func<string, string?> text, string name)
    {
        var value = text(name);
        return value is not null && (bool.TryParse(value, out var flag) ? flag : throw new InvalidOperationException($"{name} must be true or false, not '{value}'."));
    }
}
