using System.Text.RegularExpressions;
using Folio.Testing;

namespace Folio.Cli.Tests;

/// <summary><c>folio ocr FILE... | DIR</c>: several documents in one run, and what stderr carries.</summary>
public partial class ManyDocumentsCommandTests
{
    [ModelsFact]
    public void A_folder_of_three_documents_gives_three_results_and_three_summaries()
    {
        var folder = Directory.CreateTempSubdirectory("folio-cli-in-").FullName;
        var outDir = Directory.CreateTempSubdirectory("folio-cli-out-").FullName;
        try
        {
            foreach (var name in new[] { "c.pdf", "a.pdf", "b.PDF" })
            {
                File.Copy(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf"), Path.Combine(folder, name));
            }

            File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a document");
            Directory.CreateDirectory(Path.Combine(folder, "nested"));
            File.Copy(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf"), Path.Combine(folder, "nested", "d.pdf"));

            var (code, stdout, stderr) = FolioProcess.Run(null, "ocr", folder, "--out", outDir, "--pages", "1");

            Assert.True(code == 0, $"exit {code}: {stderr}");
            Assert.Equal(
                ["a", "b", "c"],
                stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(p => p.EndsWith(".json", StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension));
            Assert.All(new[] { "a", "b", "c" }, n => Assert.True(File.Exists(Path.Combine(outDir, n + ".md")), n));
            Assert.Equal(3, SummaryLine().Count(stderr));
            Assert.Contains("3 documents: 3 read", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(outDir, recursive: true);
        }
    }

    [ModelsFact]
    public void A_failed_document_among_good_ones_exits_2()
    {
        var outDir = Directory.CreateTempSubdirectory("folio-cli-out-").FullName;
        try
        {
            var (code, stdout, stderr) = FolioProcess.Run(null, "ocr", Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf"), Path.Combine(RepoPaths.BadInputs, "zero-pages.pdf"), "--out", outDir, "--pages", "1", "--quiet");
            Assert.True(code == 2, $"exit {code}: {stderr}");
            Assert.Equal(2, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains("zero-pages.pdf: the document failed", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [ModelsFact]
    public void Quiet_shows_only_the_error_and_no_log_lines()
    {
        var outDir = Directory.CreateTempSubdirectory("folio-cli-out-").FullName;
        try
        {
            var (code, stdout, stderr) = FolioProcess.Run(null, "ocr", Path.Combine(RepoPaths.BadInputs, "encrypted.pdf"), "--out", outDir, "--quiet");
            Assert.Equal(1, code);
            Assert.Empty(stdout);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("folio: encrypted.pdf: the document failed", line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [ModelsFact]
    public void Verbose_adds_the_logs_on_stderr_only()
    {
        var outDir = Directory.CreateTempSubdirectory("folio-cli-out-").FullName;
        try
        {
            var (code, stdout, stderr) = FolioProcess.Run(null, "ocr", Path.Combine(RepoPaths.BadInputs, "encrypted.pdf"), "--out", outDir, "--verbose");
            Assert.Equal(1, code);
            Assert.Empty(stdout);
            Assert.Matches(LogLine(), stderr);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [GeneratedRegex(@"^folio: [abc]\.(pdf|PDF): 1 of 1 pages read in", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"^warn: Folio\.", RegexOptions.Multiline)]
    private static partial Regex LogLine();
}
