using System.Text;

namespace Folio.Pipeline;

/// <summary>
/// An object or a key prefix in S3, written <c>s3://bucket/key</c>. The key is taken literally, as the AWS CLI
/// does: no percent-decoding, no query string, so any legal S3 key can be written.
/// </summary>
public sealed record S3Location
{
    /// <summary>The URI scheme with its separator, <c>s3://</c>.</summary>
    public const string Scheme = "s3://";

    private S3Location(string bucket, string key)
    {
        Bucket = bucket;
        Key = key;
    }

    /// <summary>The bucket name.</summary>
    public string Bucket { get; }

    /// <summary>The object key, or for a prefix the key prefix (empty or ending in <c>/</c>).</summary>
    public string Key { get; }

    /// <summary>Whether <paramref name="value"/> is meant as an S3 location (starts with <c>s3://</c>, any case); it may still be malformed.</summary>
    public static bool IsS3Uri(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses <c>s3://bucket/key</c>, the location of one object.</summary>
    /// <exception cref="FormatException">Not an S3 URI, an invalid bucket name, or no key (or a key ending in <c>/</c>).</exception>
    public static S3Location ParseObject(string value)
    {
        var (bucket, key) = Split(value);
        if (key.Length == 0)
        {
            throw new FormatException($"'{value}' names no object: write s3://{bucket}/KEY.");
        }

        if (key.EndsWith('/'))
        {
            throw new FormatException($"'{value}' ends in '/', so it names a prefix, not an object.");
        }

        return new S3Location(bucket, key);
    }

    /// <summary>
    /// Parses <c>s3://bucket/prefix/</c>, a place for objects. <c>s3://bucket</c> and <c>s3://bucket/</c> mean the
    /// bucket's top level; a prefix without a trailing <c>/</c> gets one, like an output folder.
    /// </summary>
    /// <exception cref="FormatException">Not an S3 URI, or an invalid bucket name.</exception>
    public static S3Location ParsePrefix(string value)
    {
        var (bucket, key) = Split(value);
        if (key.Length > 0 && !key.EndsWith('/'))
        {
            key += "/";
        }

        return new S3Location(bucket, key);
    }

    /// <summary>The object <paramref name="name"/> under this prefix.</summary>
    public S3Location Child(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Key.Length > 0 && !Key.EndsWith('/'))
        {
            throw new InvalidOperationException($"{this} is an object, not a prefix.");
        }

        return new S3Location(Bucket, Key + name);
    }

    /// <summary>The last segment of the key: the file name an object would have on disk.</summary>
    public string FileName => Key[(Key.LastIndexOf('/') + 1)..];

    /// <summary>The location as <c>s3://bucket/key</c>.</summary>
    public override string ToString() => Scheme + Bucket + "/" + Key;

    private static (string Bucket, string Key) Split(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsS3Uri(value))
        {
            throw new FormatException($"'{value}' is not an S3 URI: write s3://bucket/key.");
        }

        var rest = value[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? "" : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            throw new FormatException($"'{value}' has no bucket: write s3://bucket/key.");
        }

        if (!IsValidBucket(bucket))
        {
            throw new FormatException($"'{bucket}' in '{value}' is not a valid bucket name: 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit.");
        }

        if (key.StartsWith('/'))
        {
            throw new FormatException($"'{value}' has an empty path segment after the bucket; keys do not start with '/'.");
        }

        if (Encoding.UTF8.GetByteCount(key) > 1024)
        {
            throw new FormatException($"The key in '{value[..Math.Min(value.Length, 60)]}…' is longer than S3's 1024 bytes.");
        }

        if (key.Any(char.IsControl))
        {
            throw new FormatException($"The key in '{value}' contains a control character.");
        }

        return (bucket, key);
    }

    // S3's naming rules for general purpose buckets (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
    private static bool IsValidBucket(string bucket) =>
        bucket.Length is >= 3 and <= 63
        && bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
        && char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1])
        && !bucket.Contains("..", StringComparison.Ordinal);
}
