using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Folio.Documents;

namespace Folio.Pipeline;

/// <summary>
/// A set of 1-based page numbers written as ranges: <c>1-3,7</c>, <c>10-</c> (to the last page) or <c>all</c>. Parsed
/// once where it comes in (command line, API options); it travels as that text (JSON string) through history.
/// </summary>
[JsonConverter(typeof(PageRangesJsonConverter))]
public sealed class PageRanges : IEquatable<PageRanges>
{
    private readonly (int First, int? Last)[] _ranges;

    private PageRanges((int First, int? Last)[] ranges, string text, bool all = false)
    {
        _ranges = ranges;
        Text = text;
        IsAll = all;
    }

    /// <summary>Every page.</summary>
    public static PageRanges All { get; } = new([], "all", all: true);

    /// <summary>No page (the text is empty).</summary>
    public static PageRanges None { get; } = new([], string.Empty);

    /// <summary>Whether this selects every page.</summary>
    public bool IsAll { get; }

    /// <summary>The ranges as written, without spaces (<c>all</c> for every page when nothing was written).</summary>
    public string Text { get; }

    /// <summary>Parses a selection; null, empty or <c>all</c> is every page.</summary>
    /// <exception cref="FormatException">Not like <c>1-3,7</c> or <c>10-</c>, a page under 1, or a range that runs backwards.</exception>
    public static PageRanges Parse(string? text) =>
        TryParse(text, out var ranges) ? ranges : throw new FormatException($"The page selection '{text}' is not like '1-3,7' or '10-'.");

    /// <summary>Parses a selection without throwing.</summary>
    public static bool TryParse(string? text, out PageRanges ranges)
    {
        ranges = All;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            ranges = new PageRanges([], text.Trim(), all: true);
            return true;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var parsed = new List<(int First, int? Last)>(parts.Length);
        foreach (var part in parts)
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var last = dash < 0 ? null : part[(dash + 1)..].Trim();
            if (!Number(dash < 0 ? part : part[..dash], out var first) || first < 1)
            {
                return false;
            }

            if (last is null)
            {
                parsed.Add((first, first));
            }
            else if (last.Length == 0)
            {
                parsed.Add((first, null));
            }
            else if (Number(last, out var to) && to >= first)
            {
                parsed.Add((first, to));
            }
            else
            {
                return false;
            }
        }

        if (parsed.Count == 0)
        {
            return false;
        }

        ranges = new PageRanges([.. parsed], text.Replace(" ", string.Empty, StringComparison.Ordinal));
        return true;
    }

    /// <summary>The compact ranges of a set of pages (<c>1-12,14</c>); empty text for none.</summary>
    public static PageRanges Of(IEnumerable<int> pages)
    {
        var sorted = pages.Distinct().Order().ToArray();
        var ranges = new List<(int First, int? Last)>();
        var text = new StringBuilder();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            ranges.Add((sorted[i], sorted[j]));
            text.Append(text.Length > 0 ? "," : string.Empty).Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                text.Append('-').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return ranges.Count == 0 ? None : new PageRanges([.. ranges], text.ToString());
    }

    /// <summary>Whether <paramref name="page"/> is selected (open ranges run on without end).</summary>
    public bool Contains(int page) => IsAll ? page >= 1 : _ranges.Any(r => page >= r.First && (r.Last is null || page <= r.Last));

    /// <summary>The selected pages of a document of <paramref name="pageCount"/> pages, ascending and without duplicates.</summary>
    /// <exception cref="DocumentException">Kind <see cref="DocumentErrorKind.PageOutOfRange"/>: a range past the document's end.</exception>
    public IReadOnlyList<int> Select(int pageCount)
    {
        if (IsAll)
        {
            return Enumerable.Range(1, pageCount).ToArray();
        }

        if (_ranges.Length == 0)
        {
            throw new DocumentException(DocumentErrorKind.PageOutOfRange, "The page selection selects no page.");
        }

        var pages = new SortedSet<int>();
        foreach (var (first, last) in _ranges)
        {
            var end = last ?? pageCount;
            if (end > pageCount || first > end)
            {
                throw new DocumentException(DocumentErrorKind.PageOutOfRange, $"Page range '{Describe(first, last)}' does not fit the document's {pageCount} page(s).");
            }

            pages.UnionWith(Enumerable.Range(first, end - first + 1));
        }

        return pages.ToArray();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <inheritdoc />
    public bool Equals(PageRanges? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PageRanges);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    private static string Describe(int first, int? last) =>
        last == first ? first.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");

    private static bool Number(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

/// <summary>Writes <see cref="PageRanges"/> as its text, and reads it back.</summary>
internal sealed class PageRangesJsonConverter : JsonConverter<PageRanges>
{
    public override PageRanges? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString();
        return string.IsNullOrEmpty(text) ? PageRanges.None : PageRanges.TryParse(text, out var ranges) ? ranges : throw new JsonException($"'{text}' is not a page selection.");
    }

    public override void Write(Utf8JsonWriter writer, PageRanges value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}
