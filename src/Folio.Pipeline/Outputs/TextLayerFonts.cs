using System.Collections.Concurrent;
using System.Globalization;
using PdfSharp.Fonts;
using SkiaSharp;

namespace Folio.Pipeline;

/// <summary>
/// The fonts of the searchable PDF's invisible text layer, chosen here and nowhere else: the TrueType files named by
/// <c>FOLIO_PDF_FONTS</c> (paths separated by <c>:</c>), then DejaVu Sans (Latin, Greek, Cyrillic), Liberation Sans and
/// Noto Sans, then Droid Sans Fallback (Chinese, Japanese, Korean), each where it is installed. A word is set in the
/// first font that has a glyph for each of its characters (else the first font): PDFsharp embeds the glyphs used with a
/// ToUnicode map, so copying and <c>pdftotext</c> give the text back. The glyphs are never seen (text rendering mode 3).
/// </summary>
public static class TextLayerFonts
{
    /// <summary>Setting with more font files, tried first.</summary>
    public const string FontsVariable = "FOLIO_PDF_FONTS";

    /// <summary>Family names PDFsharp is asked for: this prefix and the font's place in <see cref="Files"/>.</summary>
    public const string FamilyPrefix = "Folio Text Layer ";

    private static readonly string[] Installed =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
    ];

    private static readonly Lock Gate = new();
    private static readonly Lazy<IReadOnlyList<string>> FoundFiles = new(Find);
    private static readonly Lazy<SKTypeface?[]> Typefaces = new(() => FoundFiles.Value.Select(f => SKTypeface.FromFile(f)).ToArray());

    /// <summary>The font files found, in the order they are tried.</summary>
    public static IReadOnlyList<string> Files => FoundFiles.Value;

    /// <summary>
    /// Resolves the text layer's families (<see cref="FamilyPrefix"/>) to <see cref="Files"/>, and nothing else. A
    /// process that sets PDFsharp's global font resolver itself must hand these families to this one.
    /// </summary>
    public static IFontResolver Resolver { get; } = new FileResolver();

    /// <summary>The family for a word: the first font with a glyph for each of its characters, else the first font (call <see cref="EnsureInstalled"/> first).</summary>
    public static string FamilyFor(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var glyphs = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var typefaces = Typefaces.Value;
        var index = Array.FindIndex(typefaces, t => t is not null && t.ContainsGlyphs(glyphs));
        return FamilyPrefix + Math.Max(0, index).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Sets <see cref="Resolver"/> as PDFsharp's font resolver unless the process has set one.</summary>
    /// <exception cref="InvalidOperationException">No font file was found.</exception>
    public static void EnsureInstalled()
    {
        if (Files.Count == 0)
        {
            throw new InvalidOperationException(
                $"The searchable PDF needs a TrueType font for its text layer and none was found: install DejaVu Sans (Debian: fonts-dejavu-core), or set {FontsVariable} to .ttf files.");
        }

        lock (Gate)
        {
            GlobalFontSettings.FontResolver ??= Resolver;
        }
    }

    private static string[] Find()
    {
        var configured = (Environment.GetEnvironmentVariable(FontsVariable) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return configured.Concat(Installed).Where(File.Exists).Distinct(StringComparer.Ordinal).ToArray();
    }

    private sealed class FileResolver : IFontResolver
    {
        private readonly ConcurrentDictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            familyName.StartsWith(FamilyPrefix, StringComparison.Ordinal) ? new FontResolverInfo(familyName) : null;

        public byte[]? GetFont(string faceName) =>
            faceName.StartsWith(FamilyPrefix, StringComparison.Ordinal)
            && int.TryParse(faceName.AsSpan(FamilyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < Files.Count
                ? _bytes.GetOrAdd(faceName, _ => File.ReadAllBytes(Files[index]))
                : null;
    }
}
