namespace Folio.Pipeline;

/// <summary>
/// Which containers and buckets the service may read documents from and write outputs to. Entries are
/// <c>blob://container</c>, <c>s3://bucket</c> or either with a key prefix (<c>s3://bucket/scans/</c>).
/// Anything not listed is refused before it is fetched, so a caller can't make the service read or write
/// storage it was not meant to (server-side request forgery).
/// </summary>
public sealed class LocationPolicy
{
    private readonly IReadOnlyList<DocumentLocation> _sources;
    private readonly IReadOnlyList<DocumentLocation> _destinations;

    /// <summary>Creates the policy from its entries.</summary>
    /// <exception cref="FormatException">An entry is not a valid location.</exception>
    public LocationPolicy(IEnumerable<string> sources, IEnumerable<string> destinations)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(destinations);
        _sources = sources.Select(Entry).ToArray();
        _destinations = destinations.Select(Entry).ToArray();
    }

    /// <summary>The source entries, as configured.</summary>
    public IEnumerable<string> Sources => _sources.Select(s => s.ToString());

    /// <summary>The destination entries, as configured.</summary>
    public IEnumerable<string> Destinations => _destinations.Select(s => s.ToString());

    /// <summary>Whether any entry names S3.</summary>
    public bool UsesS3 => _sources.Concat(_destinations).Any(e => e.Scheme == LocationScheme.S3);

    /// <summary>Whether documents may be read from <paramref name="location"/>.</summary>
    public bool AllowsSource(DocumentLocation location) => Matches(_sources, location);

    /// <summary>Whether outputs may be written to <paramref name="location"/>.</summary>
    public bool AllowsDestination(DocumentLocation location) => Matches(_destinations, location);

    /// <summary>Splits a comma- or semicolon-separated setting into entries.</summary>
    public static IReadOnlyList<string> SplitSetting(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool Matches(IReadOnlyList<DocumentLocation> entries, DocumentLocation location) =>
        entries.Any(e => e.Scheme == location.Scheme
            && string.Equals(e.Container, location.Container, StringComparison.Ordinal)
            && location.Key.StartsWith(e.Key, StringComparison.Ordinal));

    // An entry's key is a prefix: "s3://bucket/scans" means "scans/…", not "scans-private/…".
    private static DocumentLocation Entry(string value) => DocumentLocation.Parse(value.Trim()).AsPrefix();
}
