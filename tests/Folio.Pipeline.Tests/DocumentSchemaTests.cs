using System.Text.Json;
using System.Text.Json.Nodes;
using Folio.Local;
using Folio.Ocr;
using Folio.Testing;
using Json.Schema;

namespace Folio.Pipeline.Tests;

/// <summary>
/// NAME.json as the pipeline writes it, against schemas/folio-document.schema.json: an OCR'd scan, a born-digital
/// PDF, a page with a table, running headers and a paragraph over a page break, a document with a failed page; and
/// the same outputs with a field renamed or a value changed, which must not pass.
/// </summary>
public sealed class DocumentSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(RepoPaths.Root, "schemas", "folio-document.schema.json");

    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(SchemaPath));

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static readonly PageRetrySettings NoRetry = new() { MaxAttempts = 1 };

    // The outputs the breakages start from, written once for every case.
    private static readonly Lazy<Task<string>> TableOutput = new(() => RunTextAsync("table.pdf", GeneratedPdfs.Table(rules: false), new FakeRecognizer()));

    private static readonly Lazy<Task<string>> FailedPageOutput = new(() => RunTextAsync("blank.pdf", TestDocuments.BlankPdf(2), new FakeRecognizer { Rejected = { 2 } }));

    [Fact]
    public void The_schema_is_a_valid_2020_12_schema_and_names_the_version_the_writer_writes()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        AssertValid(MetaSchemas.Draft202012, schema.RootElement);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(DocumentWriters.SchemaVersion, schema.RootElement.GetProperty("properties").GetProperty("schemaVersion").GetProperty("const").GetString());
    }

    [ModelsFact]
    public async Task An_ocr_d_scan_follows_the_schema()
    {
        using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models });
        using var recognizer = new EnginePageRecognizer(engine);
        var json = await RunAsync("scanned-page.jpg", File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "scanned-page.jpg")), recognizer);

        var page = json["pages"]![0]!;
        Assert.Equal("ocr", (string?)page["provenance"]!["source"]);
        Assert.Contains(Lines(json), l => l["words"]!.AsArray().Count > 0);
        AssertValid(json);
    }

    [Fact]
    public async Task A_born_digital_pdf_follows_the_schema()
    {
        var recognizer = new FakeRecognizer();
        var json = await RunAsync("r-intro-excerpt.pdf", File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf")), recognizer);

        Assert.Empty(recognizer.Calls);
        Assert.Equal(3, (int?)json["provenance"]!["pagesBySource"]!["textLayer"]);
        Assert.Contains(Blocks(json), b => (string?)b["kind"] == "heading" && b["level"] is not null);
        AssertValid(json);
    }

    [Fact]
    public async Task A_page_with_a_table_follows_the_schema()
    {
        var json = await RunAsync("table.pdf", GeneratedPdfs.Table(rules: false), new FakeRecognizer());

        var table = Assert.Single(Blocks(json), b => (string?)b["kind"] == "table")["table"]!;
        Assert.Equal(GeneratedPdfs.TableCells.Length * GeneratedPdfs.TableCells[0].Length, table["cells"]!.AsArray().Count);
        AssertValid(json);
    }

    [Fact]
    public async Task Running_headers_and_a_paragraph_over_a_page_break_follow_the_schema()
    {
        var json = await RunAsync("report.pdf", GeneratedPdfs.HeaderFooterPages(), new FakeRecognizer());

        Assert.Contains(Blocks(json), b => b["repeated"] is not null);
        Assert.Contains(Blocks(json), b => b["continuesOnNextPage"] is not null);
        Assert.Contains(Blocks(json), b => b["continuedFromPreviousPage"] is not null);
        AssertValid(json);
    }

    [Fact]
    public async Task A_document_with_a_failed_page_follows_the_schema()
    {
        var recognizer = new FakeRecognizer { Rejected = { 2 } };
        var json = await RunAsync("blank.pdf", TestDocuments.BlankPdf(3), recognizer);

        Assert.Equal("partiallySucceeded", (string?)json["status"]);
        Assert.Equal("failed", (string?)json["pages"]![1]!["status"]);
        Assert.Contains("unreadable", (string?)json["pages"]![1]!["error"], StringComparison.Ordinal);
        Assert.Equal(2, (int?)json["failedPages"]![0]!["page"]);
        AssertValid(json);
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "schemaVersion removed", "" },
        { "schemaVersion 2.0", "" },
        { "document field renamed", "failedPages→failures" },
        { "page field renamed", "blocks→block" },
        { "block kind unknown", "" },
        { "block field renamed", "bbox→box" },
        { "line field renamed", "confidence→conf" },
        { "word field renamed", "text→word" },
        { "table cell field renamed", "columnSpan→colSpan" },
        { "failed page without its error", "" },
        { "heading without its level", "" },
        { "extra field", "" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task An_output_with_a_field_renamed_or_a_wrong_value_fails(string breakage, string rename)
    {
        var json = JsonNode.Parse(await (breakage.StartsWith("failed page", StringComparison.Ordinal) ? FailedPageOutput : TableOutput).Value)!;
        AssertValid(json);
        var block = Blocks(json).First(b => (string?)b["kind"] == "paragraph");
        var (from, to) = rename.Length > 0 ? (rename.Split('→')[0], rename.Split('→')[1]) : (string.Empty, string.Empty);
        switch (breakage)
        {
            case "schemaVersion removed": json.AsObject().Remove("schemaVersion"); break;
            case "schemaVersion 2.0": json["schemaVersion"] = "2.0"; break;
            case "document field renamed": Rename(json, from, to); break;
            case "page field renamed": Rename(json["pages"]![0]!, from, to); break;
            case "block kind unknown": block["kind"] = "para"; break;
            case "block field renamed": Rename(block, from, to); break;
            case "line field renamed": Rename(block["lines"]![0]!, from, to); break;
            case "word field renamed": Rename(block["lines"]![0]!["words"]![0]!, from, to); break;
            case "table cell field renamed": Rename(Blocks(json).Single(b => b["table"] is not null)["table"]!["cells"]![0]!, from, to); break;
            case "failed page without its error": json["pages"]![1]!["error"] = null; break;
            case "heading without its level": Blocks(json).Single(b => (string?)b["kind"] == "heading").AsObject().Remove("level"); break;
            case "extra field": block["confidence"] = 0.5; break;
            default: throw new ArgumentException(breakage, nameof(breakage));
        }

        Assert.False(Schema.Evaluate(ToElement(json), Options).IsValid, $"{breakage}: the schema accepts it");
    }

    private static async Task<JsonNode> RunAsync(string name, byte[] bytes, IPageRecognizer recognizer) =>
        JsonNode.Parse(await RunTextAsync(name, bytes, recognizer))!;

    private static async Task<string> RunTextAsync(string name, byte[] bytes, IPageRecognizer recognizer)
    {
        using var temp = new TempFolder();
        await using var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        var outcome = await runner.RunAsync(temp.File(name, bytes), Path.Combine(temp.Path, "out"), new RunOptions { Retry = NoRetry });
        Assert.NotNull(outcome.Outputs);
        return await File.ReadAllTextAsync(outcome.Outputs.JsonKey);
    }

    private static IEnumerable<JsonNode> Blocks(JsonNode json) =>
        json["pages"]!.AsArray().SelectMany(p => p!["blocks"]!.AsArray()).Select(b => b!);

    private static IEnumerable<JsonNode> Lines(JsonNode json) => Blocks(json).SelectMany(b => b["lines"]!.AsArray()).Select(l => l!);

    private static void Rename(JsonNode node, string from, string to)
    {
        var obj = node.AsObject();
        Assert.True(obj.Remove(from, out var value), $"no '{from}' to rename");
        obj[to] = value;
    }

    private static JsonElement ToElement(JsonNode json) => JsonSerializer.SerializeToElement(json);

    private static void AssertValid(JsonNode json) => AssertValid(Schema, ToElement(json));

    private static void AssertValid(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, Options);
        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"));
        Assert.True(results.IsValid, "not valid against the schema:\n" + string.Join('\n', errors));
    }
}
