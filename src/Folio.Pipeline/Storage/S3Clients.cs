using Amazon.S3;

namespace Folio.Pipeline;

/// <summary>S3 clients for <see cref="LocationStorage"/>, configured from <see cref="S3Options"/>.</summary>
public static class S3Clients
{
    /// <summary>
    /// A client with credentials and region from the standard AWS chain, plus the endpoint override and
    /// path-style addressing of <paramref name="options"/> when set.
    /// </summary>
    public static AmazonS3Client Create(S3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl.ToString();
        }

        return new AmazonS3Client(config);
    }
}
