using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// When an API key is configured, endpoints marked with <see cref="ApiKeyEndpoints.RequireApiKey{TBuilder}"/> (the
/// <c>/v1</c> group) need it in <c>X-Api-Key</c>. The check reads the endpoint that routing chose, not the path, so
/// every spelling that reaches a guarded endpoint (<c>/V1/OCR</c>, <c>/v1/ocr/</c>) is guarded; <c>/metrics</c> is
/// too unless <see cref="InferenceOptions.PublicMetrics"/>. The probes (<c>/healthz</c>, <c>/readyz</c>) are not. A
/// refusal is logged with the path only: never the key that was expected nor the one that was sent.
/// </summary>
internal sealed partial class ApiKeyMiddleware(RequestDelegate next, IOptions<InferenceOptions> options, ILogger<ApiKeyMiddleware> logger)
{
    public const string HeaderName = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequired>() is not null && !IsTrusted(context, options.Value))
        {
            var given = context.Request.Headers[HeaderName].ToString();
            LogRefused(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, given.Length == 0 ? "no key" : "a wrong key");
            await new ServiceProblem("unauthorized", StatusCodes.Status401Unauthorized, "Unauthorized", $"Send the API key in the {HeaderName} header.")
                .ToResult(context.Response)
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>Whether the request may see everything: no API key is configured, or it carries the right one.</summary>
    public static bool IsTrusted(HttpContext context, InferenceOptions options)
    {
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return true;
        }

        var given = context.Request.Headers[HeaderName].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(options.ApiKey));
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Refused {Method} {Path}: {What} in " + HeaderName)]
    private static partial void LogRefused(ILogger logger, string method, string path, string what);
}

/// <summary>Endpoint metadata: the endpoint needs the API key when one is configured.</summary>
internal sealed class ApiKeyRequired
{
    public static readonly ApiKeyRequired Instance = new();
}

/// <summary>Marks endpoints (or a route group) as needing the API key.</summary>
internal static class ApiKeyEndpoints
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(ApiKeyRequired.Instance);
}
