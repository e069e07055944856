using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>When an API key is configured, requests under /v1 must carry it in <c>X-Api-Key</c>.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<InferenceOptions> options)
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
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: $"Send the API key in the {HeaderName} header.")
                    .ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }
}
