using System.Net;
using System.Text.Json;
using Folio.Pipeline;
using Folio.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Functions.Tests;

/// <summary>Starting jobs: JSON and raw bodies, validation, the allow-list, deduplication and the blob trigger.</summary>
public sealed class DocumentsApiTests : ApiHarness
{
    [Fact]
    public async Task Post_Starts_Returns202WithLocation_ThenGetReportsTheOutcome()
    {
        await Store.PutBytesAsync("input/scans/scan.pdf", TestPdfs.Blank(3));

        var response = await PostJsonAsync("""{"source":"scans/scan.pdf"}""");

        var id = IdOf(response);
        Assert.StartsWith("doc-", id, StringComparison.Ordinal);
        using var payload = JsonDocument.Parse(response.Text());
        Assert.Equal($"{BaseUrl}/{id}", payload.RootElement.GetProperty("statusUrl").GetString());
        Assert.Equal($"{BaseUrl}/{id}/result", payload.RootElement.GetProperty("resultUrl").GetString());
        Assert.False(payload.RootElement.GetProperty("deduplicated").GetBoolean());
        Assert.Equal($"{BaseUrl}/{id}", response.Headers.GetValues("Location").Single());

        var status = await WaitForTerminalAsync(id);
        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal(3, status.GetProperty("progress").GetProperty("pagesDone").GetInt32());
        Assert.Equal(3, status.GetProperty("progress").GetProperty("total").GetInt32());
        Assert.Equal(0, status.GetProperty("failedPages").GetArrayLength());
        Assert.Equal($"out/{id}/scan.md", status.GetProperty("outputs").GetProperty("markdown").GetString());
        Assert.Equal($"out/{id}/scan.json", status.GetProperty("outputs").GetProperty("json").GetString());
        Assert.True(status.GetProperty("elapsedSeconds").GetDouble() >= 0);
        Assert.Contains("Text of page 3", await File.ReadAllTextAsync(Store.PathOf($"output/{id}/scan.md")), StringComparison.Ordinal);

        // The same blob again is the same job: the same id, nothing recognised twice.
        var again = await PostJsonAsync("""{"source":"blob://incoming/scans/scan.pdf"}""");
        Assert.Equal(id, IdOf(again));
        using var againPayload = JsonDocument.Parse(again.Text());
        Assert.True(againPayload.RootElement.GetProperty("deduplicated").GetBoolean());
        Assert.Equal("succeeded", againPayload.RootElement.GetProperty("status").GetString());
        Assert.All(Recognizer.Attempts.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task RawBody_IsTheDocument_OptionsFromTheQuery()
    {
        var response = await PostRawAsync(TestPdfs.Blank(4), "application/pdf", "?name=report.pdf&pages=2-3&dpi=100");

        var status = await WaitForTerminalAsync(IdOf(response));

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("progress").GetProperty("total").GetInt32());
        Assert.EndsWith("/report.md", status.GetProperty("outputs").GetProperty("markdown").GetString(), StringComparison.Ordinal);
        Assert.Equal([2, 3], Recognizer.Attempts.Keys.Order());
    }

    [Fact]
    public async Task RawBody_OverTheLimit_Is413_AndNothingIsStarted()
    {
        var limited = new FolioSettings { Limits = new Folio.Documents.DocumentLimits { MaxBytes = 1000 } };
        var api = new DocumentsApi(new JobSubmission(Store, Locations, limited), Store, NullLogger<DocumentsApi>.Instance);

        var response = (FakeResponse)await api.StartAsync(new FakeRequest("POST", BaseUrl, TestPdfs.Blank(30), "application/pdf"), Host.Client, default);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit", response.Text(), StringComparison.Ordinal);
        Assert.Empty(await KeysAsync("work/"));
    }

    [Theory]
    [InlineData("""{"source":"missing.pdf"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"source":"../escape.pdf"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"pages":"1"}""", HttpStatusCode.BadRequest)]
    [InlineData("""not json""", HttpStatusCode.BadRequest)]
    [InlineData("""{"source":"a.pdf","options":{"pages":"3-1"}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"source":"a.pdf","options":{"dpi":5000}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"source":"a.pdf","options":{"engine":"magic"}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"source":"a.pdf","options":{"formats":["docx"]}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"source":"blob://allowed/"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"source":"http://169.254.169.254/latest/meta-data"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"source":"blob://private/secret.pdf"}""", HttpStatusCode.Forbidden)]
    [InlineData("""{"source":"s3://other-bucket/scan.pdf"}""", HttpStatusCode.Forbidden)]
    [InlineData("""{"source":"s3://allowed-bucket/private/scan.pdf"}""", HttpStatusCode.Forbidden)]
    [InlineData("""{"source":"s3://allowed-bucket/scans/../private/scan.pdf"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"source":"blob://allowed/a.pdf","output":"s3://other-bucket/out/"}""", HttpStatusCode.Forbidden)]
    [InlineData("""{"source":"blob://allowed/a.pdf","output":"blob://allowed/out/"}""", HttpStatusCode.Forbidden)]
    public async Task Post_BadRequests_AreProblems_AndFetchNothing(string body, HttpStatusCode expected)
    {
        var response = await PostJsonAsync(body);

        Assert.Equal(expected, response.StatusCode);
        using var problem = JsonDocument.Parse(response.Text());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
        Assert.Equal(0, Locations.Reads);
    }

    [Fact]
    public async Task AllowedLocations_AreRead_AndCopiesWrittenToTheDestination()
    {
        Locations.Objects["s3://allowed-bucket/scans/in.pdf"] = TestPdfs.Blank(2);

        var response = await PostJsonAsync("""{"source":"s3://allowed-bucket/scans/in.pdf","output":"s3://allowed-bucket/out/run1","options":{"formats":["md"]}}""");
        var status = await WaitForTerminalAsync(IdOf(response));

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal(["s3://allowed-bucket/out/run1/in.md"], status.GetProperty("copies").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("Text of page 2", System.Text.Encoding.UTF8.GetString(Locations.Objects["s3://allowed-bucket/out/run1/in.md"]), StringComparison.Ordinal);
        Assert.False(Locations.Objects.ContainsKey("s3://allowed-bucket/out/run1/in.json"));

        // Another destination is another job, but its pages come from the page cache.
        var second = await PostJsonAsync("""{"source":"s3://allowed-bucket/scans/in.pdf","output":"s3://allowed-bucket/out/run2/"}""");
        Assert.NotEqual(IdOf(response), IdOf(second));
        Assert.Equal("succeeded", (await WaitForTerminalAsync(IdOf(second))).GetProperty("status").GetString());
        Assert.True(Locations.Objects.ContainsKey("s3://allowed-bucket/out/run2/in.json"));
        Assert.All(Recognizer.Attempts.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task DocumentsOfOneName_SentToOnePrefix_KeepEveryCopy_AndEachIsNamedAfterItsOwnFile()
    {
        Locations.Objects["s3://allowed-bucket/scans/a/scan.pdf"] = TestPdfs.Blank(1);
        Locations.Objects["s3://allowed-bucket/scans/b/scan.pdf"] = TestPdfs.Blank(2);
        Locations.Objects["s3://allowed-bucket/scans/c/other.pdf"] = TestPdfs.Blank(1);

        var first = IdOf(await PostJsonAsync("""{"source":"s3://allowed-bucket/scans/a/scan.pdf","output":"s3://allowed-bucket/out/shared/"}"""));
        Assert.Equal("succeeded", (await WaitForTerminalAsync(first)).GetProperty("status").GetString());
        var firstCopy = Locations.Objects["s3://allowed-bucket/out/shared/scan.md"];

        // Another document of the same name: its copies get names of their own, the first's stay as they were.
        var second = await WaitForTerminalAsync(IdOf(await PostJsonAsync("""{"source":"s3://allowed-bucket/scans/b/scan.pdf","output":"s3://allowed-bucket/out/shared/"}""")));
        var secondCopies = second.GetProperty("copies").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(2, secondCopies.Count);
        Assert.DoesNotContain("s3://allowed-bucket/out/shared/scan.md", secondCopies);
        Assert.All(secondCopies, c => Assert.StartsWith("s3://allowed-bucket/out/shared/scan.", c, StringComparison.Ordinal));
        Assert.Equal(firstCopy, Locations.Objects["s3://allowed-bucket/out/shared/scan.md"]);
        Assert.Contains("Text of page 2", System.Text.Encoding.UTF8.GetString(Locations.Objects[secondCopies.Single(c => c.EndsWith(".md", StringComparison.Ordinal))]), StringComparison.Ordinal);

        // The first document's bytes under another name: a job of its own, whose copies carry its own name.
        var third = await PostJsonAsync("""{"source":"s3://allowed-bucket/scans/c/other.pdf","output":"s3://allowed-bucket/out/shared/"}""");
        Assert.NotEqual(first, IdOf(third));
        var thirdStatus = await WaitForTerminalAsync(IdOf(third));
        Assert.Equal(["s3://allowed-bucket/out/shared/other.md", "s3://allowed-bucket/out/shared/other.json"], thirdStatus.GetProperty("copies").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task TextHtmlAndPdf_AreWrittenWhenAsked_ServedAsResults_AndCopied()
    {
        Locations.Objects["s3://allowed-bucket/scans/more.pdf"] = TestPdfs.Blank(2);

        var id = IdOf(await PostJsonAsync("""{"source":"s3://allowed-bucket/scans/more.pdf","output":"s3://allowed-bucket/out/more/","options":{"formats":["pdf","txt","html","md"]}}"""));
        var status = await WaitForTerminalAsync(id);

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal(["markdown", "json", "txt", "html", "pdf"], status.GetProperty("outputs").EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "md", "txt", "html", "pdf" }.Select(f => $"s3://allowed-bucket/out/more/more.{f}"), status.GetProperty("copies").EnumerateArray().Select(c => c.GetString()));
        var text = await GetResultAsync(id, "?format=txt");
        Assert.StartsWith("text/plain", text.Headers.GetValues("Content-Type").Single(), StringComparison.Ordinal);
        Assert.Equal("Text of page 1\n\fText of page 2\n", text.Text());
        var html = await GetResultAsync(id, "?format=html");
        Assert.StartsWith("text/html", html.Headers.GetValues("Content-Type").Single(), StringComparison.Ordinal);
        Assert.Contains("<section class=\"page\" id=\"page-2\">\n<p>Text of page 2</p>", html.Text(), StringComparison.Ordinal);
        var pdf = await GetResultAsync(id, "?format=pdf");
        Assert.Equal("application/pdf", pdf.Headers.GetValues("Content-Type").Single());
        var bytes = ((MemoryStream)pdf.Body).ToArray();
        Assert.Equal(Locations.Objects["s3://allowed-bucket/out/more/more.pdf"], bytes);
        using (var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(bytes), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import))
        {
            Assert.Equal(2, document.PageCount);
        }

        // A job that did not ask for the PDF has none to serve.
        var plain = IdOf(await PostRawAsync(TestPdfs.Blank(1), "application/pdf", "?name=plain.pdf"));
        Assert.Equal("succeeded", (await WaitForTerminalAsync(plain)).GetProperty("status").GetString());
        var missing = await GetResultAsync(plain, "?format=pdf");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var problem = JsonDocument.Parse(missing.Text());
        Assert.Contains("wrote no pdf result", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlobTrigger_StartsOncePerContent_AndNeverReRunsAFailedDocument()
    {
        var pdf = TestPdfs.Blank(2);
        await Store.PutBytesAsync("input/up.pdf", pdf);
        await Store.PutBytesAsync("input/broken.pdf", "%PDF-1.7 this is not a PDF"u8.ToArray());
        var trigger = new UploadTrigger(Settings, Store, NullLogger<UploadTrigger>.Instance);

        await trigger.RunAsync(new MemoryStream(pdf), "up.pdf", Host.Client, default);
        var id = Settings.CreateJob(System.Security.Cryptography.SHA256.HashData(pdf), "up.pdf").JobId;
        var first = await Host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        await trigger.RunAsync(new MemoryStream(pdf), "up.pdf", Host.Client, default);
        var second = await Host.Client.GetInstanceAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, first.RuntimeStatus);
        Assert.Equal(first.CreatedAt, second!.CreatedAt); // not started again
        Assert.All(Recognizer.Attempts.Values, n => Assert.Equal(1, n));
        Assert.Equal(2, Recognizer.Attempts.Count);

        var broken = "%PDF-1.7 this is not a PDF"u8.ToArray();
        var brokenId = Settings.CreateJob(System.Security.Cryptography.SHA256.HashData(broken), "broken.pdf").JobId;
        await trigger.RunAsync(new MemoryStream(broken), "broken.pdf", Host.Client, default);
        var failed = await WaitForTerminalAsync(brokenId);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var before = (await Host.Client.GetInstanceAsync(brokenId))!.CreatedAt;
        await trigger.RunAsync(new MemoryStream(broken), "broken.pdf", Host.Client, default);
        Assert.Equal(before, (await Host.Client.GetInstanceAsync(brokenId))!.CreatedAt); // the poison blob is not picked up again
    }
}
