using System.Net;
using System.Text.Json;
using Folio.Documents;
using Folio.Pipeline;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Folio.Functions.Tests;

/// <summary>
/// The Functions wrappers (orchestrator and activity triggers, HTTP API, blob trigger) over a local folder store,
/// driven by a real DurableTaskClient and worker from the in-process test host.
/// </summary>
public abstract class ApiHarness : IAsyncLifetime
{
    private protected const string BaseUrl = "http://localhost:7071/api/documents";

    private readonly string _root = Directory.CreateTempSubdirectory("folio-fn-").FullName;

    private protected FakeRecognizer Recognizer { get; } = new();

    private protected CountingLocations Locations { get; } = new();

    /// <summary>The location storage the API and the assemble step use: <see cref="Locations"/> unless a test class brings real servers.</summary>
    private protected virtual ILocationStorage LocationStorage => Locations;

    private protected FolioSettings Settings { get; set; } = new()
    {
        InputContainer = "incoming",
        OutputContainer = "out",
        WorkContainer = "work",
        Retry = new PageRetrySettings { MaxAttempts = 2, FirstDelay = TimeSpan.FromMilliseconds(50) },
        Locations = new LocationPolicy(["blob://allowed", "s3://allowed-bucket/scans/"], ["s3://allowed-bucket/out/"]),
        DeleteWait = TimeSpan.FromSeconds(20),
    };

    private protected LocalFolderStore Store { get; private set; } = null!;

    private protected DurableTaskTestHost Host { get; private set; } = null!;

    private protected DocumentsApi Api { get; private set; } = null!;

    private protected DocumentQueries Queries { get; private set; } = null!;

    /// <summary>The callback sender of the notification step, configured from <see cref="Settings"/>.</summary>
    private protected CallbackSender Callbacks { get; private set; } = null!;

    /// <summary>The host's publishers of completion events (none unless a test class brings them).</summary>
    private protected virtual IEnumerable<ICompletionPublisher> Publishers => [];

    private protected JobHousekeeping Housekeeping { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        // The test host's gRPC sidecar logs every request to the console at Information: keep the output readable.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        Store = new LocalFolderStore(_root);
        var callbackOptions = new CallbackOptions();
        Settings.Notifications.Configure(callbackOptions, Settings.Locate);
        Callbacks = new CallbackSender(Options.Create(callbackOptions));
        var activities = new ActivityFunctions(
            new PrepareDocumentActivity(Store, Options.Create(DocumentLimits.Default), NullLogger<PrepareDocumentActivity>.Instance),
            new RecognizePageActivity(Store, Recognizer, NullLogger<RecognizePageActivity>.Instance),
            new AssembleDocumentActivity(Store, NullLogger<AssembleDocumentActivity>.Instance, LocationStorage),
            new NotifyCompletionActivity(Store, NullLogger<NotifyCompletionActivity>.Instance, Publishers, Callbacks));
        var context = new FakeFunctionContext();
        // The test host's own choice is a random port in 30000–40000, inside Linux's ephemeral range, where another
        // socket may hold it: take one the system says is free, and try again if another process took it meanwhile.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Host = await StartHostAsync(activities, context, Folio.Testing.Loopback.FreePort());
                break;
            }
            catch (IOException ex) when (attempt < 3 && ex.InnerException?.GetType().Name == "AddressInUseException")
            {
                // Taken between the probe and the bind: probe again.
            }
        }

        Api = new DocumentsApi(new JobSubmission(Store, LocationStorage, Settings), Store, NullLogger<DocumentsApi>.Instance);
        Housekeeping = new JobHousekeeping(Store, NullLogger<JobHousekeeping>.Instance);
        Queries = new DocumentQueries(Store, Settings, Housekeeping);
    }

    private static Task<DurableTaskTestHost> StartHostAsync(ActivityFunctions activities, FakeFunctionContext context, int port) =>
        DurableTaskTestHost.StartAsync(
            registry =>
            {
                // The Functions wrappers themselves, as the Functions host would call them.
                registry.AddOrchestratorFunc<DocumentJob, DocumentOutcome>(TaskNames.DocumentOrchestrator, (ctx, _) => OrchestratorFunctions.DocumentOrchestrator(ctx));
                registry.AddOrchestratorFunc<PageBatch, PageBatchResult>(TaskNames.PageBatchOrchestrator, (ctx, _) => OrchestratorFunctions.PageBatchOrchestrator(ctx));
                registry.AddActivityFunc<DocumentJob, DocumentManifest>(TaskNames.PrepareDocument, (_, input) => activities.PrepareDocument(input!, context));
                registry.AddActivityFunc<RecognizePageRequest, PageSummary>(TaskNames.RecognizePage, (_, input) => activities.RecognizePage(input!, context));
                registry.AddActivityFunc<AssembleRequest, DocumentOutputs>(TaskNames.AssembleDocument, (_, input) => activities.AssembleDocument(input!, context));
                registry.AddActivityFunc<NotifyRequest, NotificationReport>(TaskNames.NotifyCompletion, (_, input) => activities.NotifyCompletion(input!, context));
            },
            new DurableTaskTestHostOptions { Port = port });

    public async Task DisposeAsync()
    {
        Recognizer.Hold?.TrySetResult();
        await Host.DisposeAsync();
        Callbacks.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private protected async Task<FakeResponse> PostJsonAsync(string body) =>
        (FakeResponse)await Api.StartAsync(new FakeRequest("POST", BaseUrl, body), Host.Client, default);

    private protected async Task<FakeResponse> PostRawAsync(byte[] content, string contentType, string query = "") =>
        (FakeResponse)await Api.StartAsync(new FakeRequest("POST", BaseUrl + query, content, contentType), Host.Client, default);

    private protected async Task<FakeResponse> GetAsync(string id) =>
        (FakeResponse)await Queries.GetAsync(new FakeRequest("GET", $"{BaseUrl}/{id}"), id, Host.Client, default);

    private protected async Task<FakeResponse> GetResultAsync(string id, string query = "") =>
        (FakeResponse)await Queries.GetResultAsync(new FakeRequest("GET", $"{BaseUrl}/{id}/result{query}"), id, Host.Client, default);

    private protected async Task<FakeResponse> DeleteAsync(string id) =>
        (FakeResponse)await Queries.DeleteAsync(new FakeRequest("DELETE", $"{BaseUrl}/{id}"), id, Host.Client, default);

    private protected static string IdOf(FakeResponse response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var payload = JsonDocument.Parse(response.Text());
        return payload.RootElement.GetProperty("id").GetString()!;
    }

    private protected async Task<JsonElement> WaitForTerminalAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = await GetAsync(id);
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

    private protected async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in Store.ListAsync(prefix))
        {
            keys.Add(key);
        }

        return keys;
    }
}
