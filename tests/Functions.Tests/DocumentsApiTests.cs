using System.Net;
using System.Text.Json;
using Folio.Documents;
using Folio.Pipeline;
using Folio.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Folio.Functions.Tests;

/// <summary>
/// The Functions wrappers (orchestrator and activity triggers, HTTP API, blob trigger) driven by a real
/// DurableTaskClient and worker from the in-process test host.
/// </summary>
public sealed class DocumentsApiTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("folio-fn-").FullName;
    private readonly FakeRecognizer _recognizer = new();
    private readonly FolioSettings _settings = new() { InputContainer = "incoming", OutputContainer = "out", WorkContainer = "work", Retry = new PageRetrySettings { MaxAttempts = 2, FirstDelay = TimeSpan.FromMilliseconds(50) } };
    private LocalFolderStore _store = null!;
    private DurableTaskTestHost _host = null!;
    private DocumentsApi _api = null!;

    public async Task InitializeAsync()
    {
        // The test host's gRPC sidecar logs every request to the console at Information: keep the output readable.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        _store = new LocalFolderStore(_root);
        var activities = new ActivityFunctions(
            new PrepareDocumentActivity(_store, Options.Create(DocumentLimits.Default), NullLogger<PrepareDocumentActivity>.Instance),
            new RecognizePageActivity(_store, _recognizer, NullLogger<RecognizePageActivity>.Instance),
            new AssembleDocumentActivity(_store, NullLogger<AssembleDocumentActivity>.Instance));
        var context = new FakeFunctionContext();
        _host = await DurableTaskTestHost.StartAsync(registry =>
        {
            // The Functions wrappers themselves, as the Functions host would call them.
            registry.AddOrchestratorFunc<DocumentJob, DocumentOutcome>(TaskNames.DocumentOrchestrator, (ctx, _) => OrchestratorFunctions.DocumentOrchestrator(ctx));
            registry.AddOrchestratorFunc<PageBatch, PageBatchResult>(TaskNames.PageBatchOrchestrator, (ctx, _) => OrchestratorFunctions.PageBatchOrchestrator(ctx));
            registry.AddActivityFunc<DocumentJob, DocumentManifest>(TaskNames.PrepareDocument, (_, input) => activities.PrepareDocument(input!, context));
            registry.AddActivityFunc<RecognizePageRequest, PageSummary>(TaskNames.RecognizePage, (_, input) => activities.RecognizePage(input!, context));
            registry.AddActivityFunc<AssembleRequest, DocumentOutputs>(TaskNames.AssembleDocument, (_, input) => activities.AssembleDocument(input!, context));
        });
        _api = new DocumentsApi(_store, _settings, NullLogger<DocumentsApi>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Post_Starts_Returns202WithManagementPayload_ThenGetReportsTheOutcome()
    {
        await _store.PutBytesAsync("input/scans/scan.pdf", TestPdfs.Blank(3));

        var response = (FakeResponse)await _api.StartAsync(new FakeRequest("POST", "http://localhost:7071/api/documents", """{"source":"scans/scan.pdf"}"""), _host.Client, default);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var payload = JsonDocument.Parse(response.Text());
        var id = payload.RootElement.GetProperty("id").GetString()!;
        Assert.StartsWith("doc-", id, StringComparison.Ordinal);
        Assert.Equal($"http://localhost:7071/runtime/webhooks/durabletask/instances/{id}", payload.RootElement.GetProperty("statusQueryGetUri").GetString());
        Assert.True(payload.RootElement.TryGetProperty("terminatePostUri", out _));
        Assert.True(response.Headers.Contains("Location"));

        var status = await WaitForTerminalAsync(id);
        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal(3, status.GetProperty("progress").GetProperty("pagesDone").GetInt32());
        Assert.Equal(3, status.GetProperty("progress").GetProperty("total").GetInt32());
        Assert.Equal(0, status.GetProperty("failedPages").GetArrayLength());
        Assert.Equal($"out/{id}/scan.md", status.GetProperty("outputs").GetProperty("markdown").GetString());
        Assert.Equal($"out/{id}/scan.json", status.GetProperty("outputs").GetProperty("json").GetString());
        Assert.Contains("Text of page 3", await File.ReadAllTextAsync(_store.PathOf($"output/{id}/scan.md")), StringComparison.Ordinal);

        // The same blob again is the same job: the same id, nothing recognised twice.
        var again = (FakeResponse)await _api.StartAsync(new FakeRequest("POST", "http://localhost:7071/api/documents", """{"source":"scans/scan.pdf"}"""), _host.Client, default);
        using var againPayload = JsonDocument.Parse(again.Text());
        Assert.Equal(id, againPayload.RootElement.GetProperty("id").GetString());
        Assert.All(_recognizer.Attempts.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Get_ReportsFailedPages()
    {
        _recognizer.Rejected.Add(2);
        await _store.PutBytesAsync("input/f.pdf", TestPdfs.Blank(3));

        var response = (FakeResponse)await _api.StartAsync(new FakeRequest("POST", "http://localhost:7071/api/documents", """{"source":"f.pdf","pages":"1-2"}"""), _host.Client, default);
        using var payload = JsonDocument.Parse(response.Text());
        var status = await WaitForTerminalAsync(payload.RootElement.GetProperty("id").GetString()!);

        Assert.Equal("partiallySucceeded", status.GetProperty("status").GetString());
        var failed = Assert.Single(status.GetProperty("failedPages").EnumerateArray());
        Assert.Equal(2, failed.GetProperty("page").GetInt32());
        Assert.Contains("page 2 rejected", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, status.GetProperty("progress").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Get_UnreadableUpload_IsFailedWithTheReason()
    {
        await _store.PutBytesAsync("input/notes.txt", "just text"u8.ToArray());

        var response = (FakeResponse)await _api.StartAsync(new FakeRequest("POST", "http://localhost:7071/api/documents", """{"source":"notes.txt"}"""), _host.Client, default);
        using var payload = JsonDocument.Parse(response.Text());
        var status = await WaitForTerminalAsync(payload.RootElement.GetProperty("id").GetString()!);

        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("not a PDF", status.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"source":"missing.pdf"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"source":"../escape.pdf"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"pages":"1"}""", HttpStatusCode.BadRequest)]
    [InlineData("""not json""", HttpStatusCode.BadRequest)]
    public async Task Post_BadRequests_AreProblems(string body, HttpStatusCode expected)
    {
        var response = (FakeResponse)await _api.StartAsync(new FakeRequest("POST", "http://localhost:7071/api/documents", body), _host.Client, default);

        Assert.Equal(expected, response.StatusCode);
        using var problem = JsonDocument.Parse(response.Text());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Get_UnknownId_Is404()
    {
        var response = (FakeResponse)await _api.GetAsync(new FakeRequest("GET", "http://localhost:7071/api/documents/nope"), "nope", _host.Client, default);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task BlobTrigger_StartsOncePerContent()
    {
        var pdf = TestPdfs.Blank(2);
        await _store.PutBytesAsync("input/up.pdf", pdf);
        var trigger = new UploadTrigger(_settings, NullLogger<UploadTrigger>.Instance);

        await trigger.RunAsync(new MemoryStream(pdf), "up.pdf", _host.Client, default);
        var id = _settings.CreateJob(System.Security.Cryptography.SHA256.HashData(pdf), "up.pdf").JobId;
        var first = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        await trigger.RunAsync(new MemoryStream(pdf), "up.pdf", _host.Client, default);
        var second = await _host.Client.GetInstanceAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, first.RuntimeStatus);
        Assert.Equal(first.CreatedAt, second!.CreatedAt); // not started again
        Assert.All(_recognizer.Attempts.Values, n => Assert.Equal(1, n));
        Assert.Equal(2, _recognizer.Attempts.Count);
    }

    private async Task<JsonElement> WaitForTerminalAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = (FakeResponse)await _api.GetAsync(new FakeRequest("GET", $"http://localhost:7071/api/documents/{id}"), id, _host.Client, default);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var status = JsonDocument.Parse(response.Text()).RootElement.Clone();
            if (status.GetProperty("status").GetString() is not ("queued" or "running"))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, "the job did not finish in time");
            await Task.Delay(100);
        }
    }
}
