using Microsoft.Extensions.FileSystemGlobbing;

namespace Folio.Cli;

/// <summary>Thrown when an input does not exist or cannot be read: the message is shown on stderr and the exit code is 66.</summary>
internal sealed class InputException(string message) : Exception(message);

/// <summary>
/// The documents of <c>folio ocr FILE... | DIR | GLOB</c>: files as given, folders expanded to the documents in them,
/// patterns the shell left alone (<c>'scans/*.pdf'</c>, <c>'scans/**/*.tif'</c>) to the documents they match.
/// </summary>
internal static class InputFiles
{
    /// <summary>The extensions a folder is searched for (a file named on the command line is read whatever its name).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif"];

    /// <summary>The documents, in the order given (a folder's in name order), each once.</summary>
    /// <exception cref="InputException">An input does not exist or cannot be read, or a folder holds no document.</exception>
    /// <exception cref="UsageException">Two documents would write the same outputs (the same NAME).</exception>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> inputs)
    {
        var documents = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var found = InFolder(input);
                documents.AddRange(found.Count > 0 ? found : throw new InputException($"'{input}' holds no document ({string.Join(' ', Extensions)})."));
            }
            else if (File.Exists(input))
            {
                CheckReadable(input);
                documents.Add(input);
            }
            else if (input.Contains('*', StringComparison.Ordinal))
            {
                var found = Matching(input);
                documents.AddRange(found.Count > 0 ? found : throw new InputException($"'{input}' matches no document ({string.Join(' ', Extensions)})."));
            }
            else
            {
                throw new InputException($"'{input}' does not exist.");
            }
        }

        var unique = documents.DistinctBy(Path.GetFullPath).ToArray();
        var clash = unique.GroupBy(d => Path.GetFileNameWithoutExtension(d), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return clash is null
            ? unique
            : throw new UsageException($"'{clash.First()}' and '{clash.Skip(1).First()}' would both write {clash.Key}.md and {clash.Key}.json; run them with different --out folders");
    }

    // The pattern's folder part up to its first wildcard is where the search starts; the rest is matched below it
    // (* within a name, ** across folders), keeping document extensions only, in name order.
    private static List<string> Matching(string pattern)
    {
        var parts = pattern.Replace('\\', '/').Split('/');
        var fixedParts = parts.TakeWhile(p => !p.Contains('*', StringComparison.Ordinal)).ToArray();
        var root = fixedParts.Length == 0 ? "." : string.Join('/', fixedParts);
        root = root.Length == 0 ? "/" : root;
        if (!Directory.Exists(root))
        {
            return [];
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', parts.Skip(fixedParts.Length)));
        return [.. matcher.GetResultsInFullPath(root)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .Where(f => { CheckReadable(f); return true; })];
    }

    private static List<string> InFolder(string folder)
    {
        try
        {
            return [.. Directory.EnumerateFiles(folder)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .Where(f => { CheckReadable(f); return true; })];
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new InputException($"'{folder}' cannot be read: {ex.Message}");
        }
    }

    private static void CheckReadable(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new InputException($"'{path}' cannot be read: {ex.Message}");
        }
    }
}
