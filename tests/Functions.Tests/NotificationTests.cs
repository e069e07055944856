using System.Net;
using System.Net.Mime;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Folio.Pipeline;
using Folio.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Functions.Tests;

/// <summary>
/// Completion notifications end to end: the real orchestrator and activities, a real HTTP receiver on loopback for the
/// callback and for the Event Grid topic (the real EventGridPublisherClient, with a key), signatures checked here.
/// </summary>
public sealed class NotificationTests : ApiHarness, IDisposable
{
    private const string Secret = "test-signing-secret-0123456789abcdef";
    private const string TopicKey = "topic-key-for-tests";

    private readonly LoopbackReceiver _receiver = new();

    public NotificationTests()
    {
        Settings = new FolioSettings
        {
            InputContainer = "incoming",
            OutputContainer = "out",
            WorkContainer = "work",
            Retry = new PageRetrySettings { MaxAttempts = 2, FirstDelay = TimeSpan.FromMilliseconds(50) },
            DeleteWait = TimeSpan.FromSeconds(20),
            Notifications = new NotificationSettings
            {
                Callbacks = new CallbackPolicy(["127.0.0.1"], allowPrivateAddresses: true),
                CallbackSecret = Secret,
                Retry = new PageRetrySettings { MaxAttempts = 3, FirstDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(200) },
                EventGridEndpoint = new Uri($"http://127.0.0.1:{_receiver.Port}/api/events"),
                EventGridKey = TopicKey,
                EventSource = "/folio/test",
            },
        };
    }

    private protected override IEnumerable<ICompletionPublisher> Publishers => [new EventGridCompletionPublisher(Settings.Notifications)];

    public void Dispose() => _receiver.Dispose();

    [Fact]
    public async Task Callback_IsRetriedAfterA500_ArrivesSigned_AndIsDeliveredOnce()
    {
        _receiver.Answers.Enqueue(500);
        var pdf = TestPdfs.Blank(2);
        var id = IdOf(await PostRawAsync(pdf, "application/pdf", "?name=two.pdf&callback=" + Uri.EscapeDataString(_receiver.HookUrl)));
        var status = await WaitForNotificationAsync(id);

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        var notification = status.GetProperty("notification");
        Assert.Equal("delivered", notification.GetProperty("status").GetString());
        var hooks = Hooks();
        Assert.Equal(new[] { 500, 200 }, hooks.Select(h => h.Answer));
        // The same event both times: the same id and the same bytes, signed.
        Assert.Equal(hooks[0].Body, hooks[1].Body);
        var eventId = notification.GetProperty("eventId").GetString();
        Assert.All(hooks, h => Assert.Equal(eventId, h.Headers["X-Folio-Event-Id"]));
        Assert.All(hooks, h => Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), h.Body)), h.Headers["X-Folio-Signature"]));
        Assert.All(hooks, h => Assert.InRange(long.Parse(h.Headers["X-Folio-Timestamp"], System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        Assert.StartsWith("application/json", hooks[1].Headers["Content-Type"], StringComparison.Ordinal);

        using var body = JsonDocument.Parse(hooks[1].Body);
        var root = body.RootElement;
        Assert.Equal(eventId, root.GetProperty("eventId").GetString());
        Assert.Equal("Folio.Document.Completed", root.GetProperty("type").GetString());
        Assert.Equal(id, root.GetProperty("jobId").GetString());
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("pageCount").GetInt32());
        Assert.Equal(2, root.GetProperty("pagesSucceeded").GetInt32());
        Assert.Equal(0, root.GetProperty("failedPages").GetArrayLength());
        Assert.Equal($"out/{id}/two.md", root.GetProperty("outputs").GetProperty("markdown").GetString());
        Assert.Equal(status.GetProperty("outputs").GetProperty("json").GetString(), root.GetProperty("outputs").GetProperty("json").GetString());

        // Event Grid took it on the first attempt and was not sent it again when the callback was retried.
        Assert.Single(_receiver.Requests, r => r.Path == "/api/events");

        // The step run again with the same event (a redelivered activity) sends nothing: the delivery marks hold.
        var instance = await Host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        var again = new NotifyRequest(instance!.ReadInputAs<DocumentJob>()!, instance.ReadOutputAs<DocumentOutcome>()! with { Notification = null }, eventId!, DateTimeOffset.UtcNow);
        var report = await new NotifyCompletionActivity(Store, NullLogger<NotifyCompletionActivity>.Instance, Publishers, Callbacks).RunAsync(null!, again);
        Assert.Equal(new[] { "callback", "eventGrid" }, report.Delivered);

        // The same submission again is the same job: deduplicated, not notified again.
        Assert.Equal(id, IdOf(await PostRawAsync(pdf, "application/pdf", "?name=two.pdf&callback=" + Uri.EscapeDataString(_receiver.HookUrl))));
        await Task.Delay(500);
        Assert.Equal(2, Hooks().Count);
        Assert.Single(_receiver.Requests, r => r.Path == "/api/events");
    }

    [Fact]
    public async Task EachFinalState_IsNotifiedOnce_AndAFailedDocumentNotifiesToo()
    {
        Recognizer.Rejected.Add(2);
        var callback = Uri.EscapeDataString(_receiver.HookUrl);
        var pdf = TestPdfs.Blank(2);
        var id = IdOf(await PostRawAsync(pdf, "application/pdf", "?callback=" + callback));
        await WaitForNotificationAsync(id);
        Recognizer.Rejected.Clear();
        Assert.Equal(id, IdOf(await PostRawAsync(pdf, "application/pdf", "?callback=" + callback))); // re-run: page 2 again
        var rerun = await WaitForNotificationAsync(id, "succeeded");

        await Store.PutBytesAsync("input/notes.txt", "just text"u8.ToArray());
        var failedId = IdOf(await PostJsonAsync(JsonSerializer.Serialize(new { source = "notes.txt", options = new { callback = _receiver.HookUrl } })));
        var failed = await WaitForNotificationAsync(failedId);

        var events = Hooks().Select(h => JsonDocument.Parse(h.Body).RootElement).ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal(new[] { "partiallySucceeded", "succeeded", "failed" }, events.Select(e => e.GetProperty("status").GetString()));
        Assert.Equal(3, events.Select(e => e.GetProperty("eventId").GetString()).Distinct().Count());
        Assert.Equal(2, events[0].GetProperty("failedPages")[0].GetProperty("page").GetInt32());
        Assert.Equal(rerun.GetProperty("notification").GetProperty("eventId").GetString(), events[1].GetProperty("eventId").GetString());

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("Folio.Document.Failed", events[2].GetProperty("type").GetString());
        Assert.Equal(failedId, events[2].GetProperty("jobId").GetString());
        Assert.Contains("not a PDF", events[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(events[2].TryGetProperty("outputs", out _));
        Assert.Equal(3, _receiver.Requests.Count(r => r.Path == "/api/events"));
    }

    [Fact]
    public async Task ADeliveryThatKeepsFailing_IsRecorded_AndLeavesTheDocumentsStatus()
    {
        foreach (var _ in Enumerable.Range(0, 10))
        {
            _receiver.Answers.Enqueue(503);
        }

        var id = IdOf(await PostRawAsync(TestPdfs.Blank(1), "application/pdf", "?callback=" + Uri.EscapeDataString(_receiver.HookUrl)));
        var status = await WaitForNotificationAsync(id);

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var notification = status.GetProperty("notification");
        Assert.Equal("failed", notification.GetProperty("status").GetString());
        Assert.Contains("503", notification.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, Hooks().Count); // FOLIO_CALLBACK_ATTEMPTS here
        Assert.Equal(HttpStatusCode.OK, (await GetResultAsync(id)).StatusCode);
    }

    [Fact]
    public async Task WhileTheEventIsDelivered_TheStatusIsFinal_AndTheResultIsServed()
    {
        _receiver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pdf = TestPdfs.Blank(1);
        var id = IdOf(await PostRawAsync(pdf, "application/pdf", "?name=held.pdf&callback=" + Uri.EscapeDataString(_receiver.HookUrl)));
        await _receiver.WaitForAsync(requests => requests.Count > 0);

        using var during = JsonDocument.Parse((await GetAsync(id)).Text());
        Assert.Equal("succeeded", during.RootElement.GetProperty("status").GetString());
        Assert.Equal("Running", during.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal("pending", during.RootElement.GetProperty("notification").GetProperty("status").GetString());
        Assert.Equal("notifying", during.RootElement.GetProperty("progress").GetProperty("stage").GetString());
        Assert.False(during.RootElement.GetProperty("progress").TryGetProperty("final", out _));
        var result = await GetResultAsync(id);
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Contains("Text of page 1", result.Text(), StringComparison.Ordinal);
        // Still delivering: a second submission does not start it again.
        using (var second = JsonDocument.Parse((await PostRawAsync(pdf, "application/pdf", "?name=held.pdf&callback=" + Uri.EscapeDataString(_receiver.HookUrl))).Text()))
        {
            Assert.True(second.RootElement.GetProperty("deduplicated").GetBoolean());
        }

        _receiver.Hold.SetResult();
        var status = await WaitForNotificationAsync(id);
        Assert.Equal("delivered", status.GetProperty("notification").GetProperty("status").GetString());
        Assert.Equal("done", status.GetProperty("progress").GetProperty("stage").GetString());
    }

    [Fact]
    public async Task TheCallback_IsPartOfTheJobId()
    {
        var pdf = TestPdfs.Blank(1);
        var plain = IdOf(await PostRawAsync(pdf, "application/pdf"));
        var withHook = IdOf(await PostRawAsync(pdf, "application/pdf", "?callback=" + Uri.EscapeDataString(_receiver.HookUrl)));
        var otherHook = IdOf(await PostRawAsync(pdf, "application/pdf", "?callback=" + Uri.EscapeDataString(_receiver.HookUrl + "/other")));

        Assert.Equal(3, new[] { plain, withHook, otherHook }.Distinct().Count());
        await WaitForNotificationAsync(withHook);
        await WaitForNotificationAsync(otherHook);
        Assert.Equal(new[] { "/hook", "/hook/other" }, Hooks().Select(h => h.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("https://hooks.example.org/folio", "not allowed here")] // off the allow-list
    [InlineData("https://localhost:{port}/hook", "loopback")] // on the list, but loopback
    [InlineData("https://127.0.0.1:{port}/hook", "loopback")]
    [InlineData("https://10.1.2.3/hook", "private")]
    [InlineData("https://169.254.169.254/metadata", "link-local")]
    [InlineData("https://[::1]:{port}/hook", "loopback")]
    [InlineData("https://[::ffff:192.168.1.4]/hook", "private")]
    [InlineData("http://hooks.example.net/folio", "https")]
    [InlineData("ftp://localhost/hook", "absolute https URL")]
    [InlineData("https://user:pw@localhost/hook", "user name")]
    public async Task ACallbackOffTheListOrToAPrivateAddress_IsRefusedWith400(string callback, string reason)
    {
        var strict = new FolioSettings
        {
            InputContainer = "incoming",
            Notifications = new NotificationSettings
            {
                Callbacks = new CallbackPolicy(["localhost", "127.0.0.1", "::1", "10.1.2.3", "169.254.169.254", "::ffff:192.168.1.4", "hooks.example.net"], allowPrivateAddresses: false),
                CallbackSecret = Secret,
            },
        };
        var api = new DocumentsApi(new JobSubmission(Store, Locations, strict), Store, NullLogger<DocumentsApi>.Instance);
        var url = callback.Replace("{port}", _receiver.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await Store.PutBytesAsync("input/a.pdf", TestPdfs.Blank(1));

        var raw = (FakeResponse)await api.StartAsync(new FakeRequest("POST", BaseUrl + "?callback=" + Uri.EscapeDataString(url), TestPdfs.Blank(1), "application/pdf"), Host.Client, default);
        var json = (FakeResponse)await api.StartAsync(new FakeRequest("POST", BaseUrl, JsonSerializer.Serialize(new { source = "a.pdf", options = new { callback = url } })), Host.Client, default);

        foreach (var response in new[] { raw, json })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(reason, JsonDocument.Parse(response.Text()).RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(await KeysAsync("work/"));
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task TheEventGridEvent_IsACloudEvent_WithTheCallbacksBodyAsData()
    {
        var id = IdOf(await PostRawAsync(TestPdfs.Blank(1), "application/pdf", "?name=cloud.pdf&callback=" + Uri.EscapeDataString(_receiver.HookUrl)));
        await WaitForNotificationAsync(id);
        var hook = Assert.Single(Hooks());
        var published = Assert.Single(_receiver.Requests, r => r.Path == "/api/events");

        // Published with the topic key, as a CloudEvents batch (structured JSON).
        Assert.Equal(TopicKey, published.Headers["aeg-sas-key"]);
        var contentType = new ContentType(published.Headers["Content-Type"]);
        Assert.Equal("application/cloudevents-batch+json", contentType.MediaType);
        var cloudEvent = Assert.Single(new JsonEventFormatter().DecodeBatchModeMessage(published.Body, contentType, null));

        Assert.True(cloudEvent.IsValid);
        Assert.Equal(CloudEventsSpecVersion.V1_0, cloudEvent.SpecVersion);
        Assert.Equal(hook.Headers["X-Folio-Event-Id"], cloudEvent.Id);
        Assert.Equal(new Uri("/folio/test", UriKind.Relative), cloudEvent.Source);
        Assert.Equal("Folio.Document.Completed", cloudEvent.Type);
        Assert.Equal(id, cloudEvent.Subject);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        using var callbackBody = JsonDocument.Parse(hook.Body);
        Assert.Equal(callbackBody.RootElement.GetProperty("time").GetDateTimeOffset(), cloudEvent.Time);
        var data = Assert.IsType<JsonElement>(cloudEvent.Data);
        Assert.True(JsonElement.DeepEquals(callbackBody.RootElement, data), "the event's data is the callback's body");

        // The attributes by name, as the CloudEvents 1.0 JSON format writes them: data as JSON, not base64.
        using var batch = JsonDocument.Parse(published.Body);
        var raw = Assert.Single(batch.RootElement.EnumerateArray());
        Assert.Equal(
            new[] { "data", "datacontenttype", "id", "source", "specversion", "subject", "time", "type" },
            raw.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("1.0", raw.GetProperty("specversion").GetString());
        Assert.Equal(JsonValueKind.Object, raw.GetProperty("data").ValueKind);
    }

    private List<ReceivedRequest> Hooks() => _receiver.Requests.Where(r => r.Path.StartsWith("/hook", StringComparison.Ordinal)).ToList();

    /// <summary>Waits until the job is finished and its notification is no longer pending (and, when given, its status is <paramref name="status"/>).</summary>
    private async Task<JsonElement> WaitForNotificationAsync(string id, string? status = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            // A re-run is briefly absent (purged, then scheduled again): a 404 problem has no runtimeStatus.
            var view = JsonDocument.Parse((await GetAsync(id)).Text()).RootElement.Clone();
            if (view.TryGetProperty("runtimeStatus", out var runtime) && runtime.GetString() == "Completed"
                && view.TryGetProperty("notification", out var notification)
                && notification.GetProperty("status").GetString() != "pending"
                && (status is null || view.GetProperty("status").GetString() == status))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the job's notification did not end in time: {view}");
            await Task.Delay(100);
        }
    }
}
