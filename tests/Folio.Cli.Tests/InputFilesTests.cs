namespace Folio.Cli.Tests;

/// <summary>What <c>folio ocr FILE... | DIR | GLOB</c> stands for.</summary>
public sealed class InputFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("folio-inputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_quoted_pattern_stands_for_the_documents_it_matches_in_name_order()
    {
        foreach (var name in new[] { "b.pdf", "a.pdf", "notes.txt", "scan.png", "deep/c.pdf", "deep/deeper/d.PDF" })
        {
            var path = Path.Combine(_root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x");
        }

        Assert.Equal(["a.pdf", "b.pdf"], InputFiles.Resolve([Path.Combine(_root, "*.pdf")]).Select(Path.GetFileName));
        Assert.Equal(["a.pdf", "b.pdf", "scan.png"], InputFiles.Resolve([Path.Combine(_root, "*")]).Select(Path.GetFileName));
        Assert.Equal(["a.pdf", "b.pdf", "c.pdf", "d.PDF"], InputFiles.Resolve([Path.Combine(_root, "**", "*.*")]).Select(Path.GetFileName).Where(n => n!.EndsWith("pdf", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal));
        Assert.Equal(["c.pdf"], InputFiles.Resolve([Path.Combine(_root, "d*", "*.pdf")]).Select(Path.GetFileName));
    }

    [Fact]
    public void A_pattern_that_matches_no_document_is_an_input_error()
    {
        File.WriteAllText(Path.Combine(_root, "notes.txt"), "x");

        Assert.Contains("matches no document", Assert.Throws<InputException>(() => InputFiles.Resolve([Path.Combine(_root, "*.txt")])).Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => InputFiles.Resolve([Path.Combine(_root, "missing", "*.pdf")]));
    }
}
