using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// When an API key is configured, requests under /v1 must carry it in <c>X-Api-Key</c>. Nothing else is guarded
/// (<c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>, the viewer). A refusal is logged with the path only: never the
/// key that was expected nor the one that was sent.
/// </summary>
internal sealed partial class ApiKeyMiddleware(RequestDelegate next, IOptions<InferenceOptions> options, ILogger<ApiKeyMiddleware> logger)
{
    public const string HeaderName = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        var key = options.Value.ApiKey;
        if (!string.IsNullOrEmpty(key) && context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            var given = context.Request.Headers[HeaderName].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key)))
            {
                LogRefused(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, given.Length == 0 ? "no key" : "a wrong key");
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: $"Send the API key in the {HeaderName} header.")
                    .ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Refused {Method} {Path}: {What} in " + HeaderName)]
    private static partial void LogRefused(ILogger logger, string method, string path, string what);
}
