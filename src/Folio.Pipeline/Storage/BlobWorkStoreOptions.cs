namespace Folio.Pipeline;

/// <summary>
/// Settings of <see cref="BlobWorkStore"/>. A key whose first segment is named in <see cref="Containers"/>
/// lives in that container under the rest of the key (<c>incoming/scan.pdf</c> → container <c>incoming</c>,
/// blob <c>scan.pdf</c>); every other key lives in <see cref="DefaultContainer"/> under the whole key.
/// </summary>
public sealed class BlobWorkStoreOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>A storage connection string (e.g. <c>UseDevelopmentStorage=true</c> for Azurite); takes precedence over <see cref="ServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint, e.g. <c>https://ACCOUNT.blob.core.windows.net</c>, used with <c>DefaultAzureCredential</c>.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Container of keys not mapped by <see cref="Containers"/> (default <c>folio</c>).</summary>
    public string DefaultContainer { get; set; } = "folio";

    /// <summary>Key areas (first key segment) kept in their own container, e.g. <c>incoming</c> → <c>incoming</c>.</summary>
    public IDictionary<string, string> Containers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether missing containers are created on first write (default true).</summary>
    public bool CreateContainers { get; set; } = true;
}
