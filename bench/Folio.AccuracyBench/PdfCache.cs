using System.Collections.Concurrent;

namespace Folio.AccuracyBench;

/// <summary>Each PDF's bytes, read from disk once.</summary>
internal static class PdfCache
{
    private static readonly ConcurrentDictionary<string, byte[]> Files = new(StringComparer.Ordinal);

    public static byte[] Bytes(string path) => Files.GetOrAdd(path, File.ReadAllBytes);
}
