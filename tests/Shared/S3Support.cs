namespace Folio.Testing;

/// <summary>The s3rver that scripts/test.sh starts on loopback: path-style, s3rver's built-in key pair.</summary>
internal static class S3Server
{
    /// <summary>s3rver 3.x accepts only its default account: access key and secret both <c>S3RVER</c>.</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    public const int Port = 4568;

    public const string Endpoint = "http://127.0.0.1:4568";

    /// <summary>A fresh bucket name, so that tests do not see each other's objects.</summary>
    public static string NewBucketName() => "folio-test-" + Guid.NewGuid().ToString("N")[..16];
}

/// <summary>A fact that needs s3rver on 127.0.0.1:4568 (and, when asked, the OCR models); skipped with the reason otherwise.</summary>
internal sealed class S3FactAttribute : FactAttribute
{
    public S3FactAttribute(bool needsModels = false)
    {
        if (needsModels && !RepoPaths.ModelsPresent)
        {
            Skip = $"OCR models missing in {RepoPaths.Models}: run scripts/fetch-models.sh.";
        }
        else if (!Loopback.IsListening(S3Server.Port))
        {
            Skip = $"No S3 server on 127.0.0.1:{S3Server.Port}: run scripts/test.sh, which starts s3rver.";
        }
    }
}
