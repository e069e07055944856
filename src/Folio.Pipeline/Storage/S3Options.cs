namespace Folio.Pipeline;

/// <summary>
/// How to reach S3. Credentials and the region always come from the standard AWS chain (environment,
/// shared config and credentials files, container or instance roles); these settings only add an endpoint
/// override and path-style addressing for S3-compatible servers. Nothing is guessed: without settings the
/// client talks to AWS S3 with virtual-hosted addressing.
/// </summary>
public sealed class S3Options
{
    /// <summary>Environment variable of <see cref="ServiceUrl"/>.</summary>
    public const string EndpointVariable = "FOLIO_S3_ENDPOINT";

    /// <summary>Environment variable of <see cref="ForcePathStyle"/> (<c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>).</summary>
    public const string ForcePathStyleVariable = "FOLIO_S3_FORCE_PATH_STYLE";

    /// <summary>Endpoint of an S3-compatible server (e.g. <c>http://127.0.0.1:4568</c>); null for AWS S3.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Addresses buckets as <c>endpoint/bucket/key</c> instead of <c>bucket.endpoint/key</c>.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Reads <see cref="EndpointVariable"/> and <see cref="ForcePathStyleVariable"/> from the process environment.</summary>
    /// <exception cref="InvalidOperationException">A variable is set to something that is not a valid value.</exception>
    public static S3Options FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>Reads the two settings through <paramref name="variable"/> (a lookup by name; null or empty when unset).</summary>
    /// <exception cref="InvalidOperationException">A variable is set to something that is not a valid value.</exception>
    public static S3Options FromVariables(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var options = new S3Options();
        var endpoint = variable(EndpointVariable);
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            options.ServiceUrl = Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : throw new InvalidOperationException($"{EndpointVariable} must be an http:// or https:// URL, not '{endpoint}'.");
        }

        var pathStyle = variable(ForcePathStyleVariable);
        if (!string.IsNullOrWhiteSpace(pathStyle))
        {
            options.ForcePathStyle = pathStyle.Trim().ToUpperInvariant() switch
            {
                "TRUE" or "1" => true,
                "FALSE" or "0" => false,
                _ => throw new InvalidOperationException($"{ForcePathStyleVariable} must be true or false, not '{pathStyle}'."),
            };
        }

        return options;
    }
}
