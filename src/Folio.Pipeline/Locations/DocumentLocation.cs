using System.Text;

namespace Folio.Pipeline;

/// <summary>Which kind of storage a <see cref="DocumentLocation"/> names.</summary>
public enum LocationScheme
{
    /// <summary>Azure Blob Storage (or Azurite): <c>blob://container/name</c>.</summary>
    Blob,

    /// <summary>Amazon S3 or an S3-compatible server: <c>s3://bucket/key</c>.</summary>
    S3,
}

/// <summary>
/// A document source or an output destination outside the work store: <c>blob://container/name</c> or
/// <c>s3://bucket/key</c>. A key that is empty or ends in '/' is a prefix (a folder of outputs).
/// </summary>
public sealed record DocumentLocation
{
    private DocumentLocation(LocationScheme scheme, string container, string key)
    {
        Scheme = scheme;
        Container = container;
        Key = key;
    }

    /// <summary>Blob or S3.</summary>
    public LocationScheme Scheme { get; }

    /// <summary>The blob container or the S3 bucket.</summary>
    public string Container { get; }

    /// <summary>The blob name or object key; empty or ending in '/' for a prefix.</summary>
    public string Key { get; }

    /// <summary>Whether this names a prefix rather than one object.</summary>
    public bool IsPrefix => Key.Length == 0 || Key.EndsWith('/');

    /// <summary>The last segment of the key (the file name of an object).</summary>
    public string FileName => Key[(Key.LastIndexOf('/') + 1)..];

    /// <summary>Whether <paramref name="value"/> starts with <c>blob://</c> or <c>s3://</c>.</summary>
    public static bool IsLocation(string? value) =>
        value is not null && (value.StartsWith("blob://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <c>blob://container/name</c> or <c>s3://bucket/key</c>.</summary>
    /// <exception cref="FormatException">Not one of the two schemes, a bad container or bucket name, or a bad key.</exception>
    public static DocumentLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var keyStart = value.IndexOf('/', "s3://".Length);
            var isObject = keyStart >= 0 && keyStart < value.Length - 1 && !value.EndsWith('/');
            var s3 = isObject ? S3Location.ParseObject(value) : S3Location.ParsePrefix(value);
            return new DocumentLocation(LocationScheme.S3, s3.Bucket, CheckKey(s3.Key, value));
        }

        if (!value.StartsWith("blob://", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{Shorten(value)}' is not a location: write blob://container/name or s3://bucket/key.");
        }

        var rest = value["blob://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? rest : rest[..slash];
        var name = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (!IsValidContainer(container))
        {
            throw new FormatException($"'{Shorten(container)}' in '{Shorten(value)}' is not a valid container name: 3 to 63 lowercase letters, digits and single hyphens, starting with a letter or digit.");
        }

        return new DocumentLocation(LocationScheme.Blob, container, CheckKey(name, value));
    }

    /// <summary>The object <paramref name="name"/> under this prefix.</summary>
    public DocumentLocation Child(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!IsPrefix)
        {
            throw new InvalidOperationException($"{this} is an object, not a prefix.");
        }

        return new DocumentLocation(Scheme, Container, Key + name);
    }

    /// <summary>This location as a prefix (a '/' appended to an object key).</summary>
    public DocumentLocation AsPrefix() => IsPrefix ? this : new DocumentLocation(Scheme, Container, Key + "/");

    /// <inheritdoc />
    public override string ToString() => (Scheme == LocationScheme.S3 ? "s3://" : "blob://") + Container + "/" + Key;

    // Azure's container naming rules.
    private static bool IsValidContainer(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("--", StringComparison.Ordinal);

    // '.' and '..' segments are refused for both schemes: S3 keys are literal, but servers backed by a file
    // system and every later join of paths would read them as steps up, out of the allowed prefix.
    private static string CheckKey(string key, string value)
    {
        if (Encoding.UTF8.GetByteCount(key) > 1024 || key.Any(char.IsControl) || key.Contains('\\', StringComparison.Ordinal)
            || (key.Length > 0 && key.TrimEnd('/').Split('/').Any(s => s is "" or "." or "..")))
        {
            throw new FormatException($"The key in '{Shorten(value)}' is not valid: no empty, '.' or '..' segments, backslashes or control characters, at most 1024 bytes.");
        }

        return key;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
