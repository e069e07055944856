using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text;
using Azure.Core.Serialization;
using Folio.Contracts;
using Folio.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Functions.Tests;

/// <summary>Just enough of a Functions invocation for the HTTP wrappers and the management payload.</summary>
internal sealed class FakeFunctionContext : FunctionContext
{
    public static readonly IServiceProvider Services = new ServiceCollection()
        .AddOptions()
        .Configure<WorkerOptions>(o =>
        {
            var json = new System.Text.Json.JsonSerializerOptions();
            FolioSettings.ConfigureJson(json); // as Program.cs configures the worker
            o.Serializer = new JsonObjectSerializer(json);
        })
        .BuildServiceProvider();

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => "test";

    public override TraceContext TraceContext => null!;

    public override BindingContext BindingContext { get; } = new FakeBindingContext();

    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; } = Services;

    public override FunctionDefinition FunctionDefinition => null!;

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => null!;

    private sealed class FakeBindingContext : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = new Dictionary<string, object?> { ["instanceId"] = "test-instance" };
    }
}

internal sealed class FakeRequest(string method, string url, string? body = null) : HttpRequestData(new FakeFunctionContext())
{
    /// <summary>A request whose body is raw bytes of the given content type (a document upload).</summary>
    public FakeRequest(string method, string url, byte[] content, string contentType)
        : this(method, url)
    {
        Body = new MemoryStream(content);
        Headers.Add("Content-Type", contentType);
        Headers.Add("Content-Length", content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override Stream Body { get; } = new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty));

    public override HttpHeadersCollection Headers { get; } = [];

    public override IReadOnlyCollection<IHttpCookie> Cookies => [];

    public override Uri Url { get; } = new(url);

    public override IEnumerable<ClaimsIdentity> Identities => [];

    public override string Method => method;

    public override HttpResponseData CreateResponse() => new FakeResponse(FunctionContext);
}

internal sealed class FakeResponse(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; } = HttpStatusCode.OK;

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies => null!;

    public string Text()
    {
        Body.Position = 0;
        return new StreamReader(Body).ReadToEnd();
    }
}

/// <summary>Answers one block per page; rejects the pages it is told to; can be held until released.</summary>
internal sealed class FakeRecognizer : IPageRecognizer
{
    public ConcurrentDictionary<int, int> Attempts { get; } = new();

    public HashSet<int> Rejected { get; } = [];

    /// <summary>Pages answered busy this many more times before they are read.</summary>
    public ConcurrentDictionary<int, int> Busy { get; } = new();

    /// <summary>Pages that fail with a transient fault (a 5xx) this many more times before they are read.</summary>
    public ConcurrentDictionary<int, int> Faults { get; } = new();

    /// <summary>When set, every call waits for it (a job that stays running).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public Task<string?> DescribeAsync(string? engine, CancellationToken cancellationToken = default) => Task.FromResult<string?>($"fake|{engine}");

    public async Task<PageResult> RecognizeAsync(PageInput page, CancellationToken cancellationToken = default)
    {
        Attempts.AddOrUpdate(page.PageNumber, 1, (_, n) => n + 1);
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (Busy.TryGetValue(page.PageNumber, out var busy) && busy > 0)
        {
            Busy[page.PageNumber] = busy - 1;
            throw new ServiceBusyException(ServiceBusyException.Describe(page.PageNumber, 429, TimeSpan.FromSeconds(1)));
        }

        if (Faults.TryGetValue(page.PageNumber, out var faults) && faults > 0)
        {
            Faults[page.PageNumber] = faults - 1;
            throw new PageRecognitionException($"page {page.PageNumber}: 500 (fake)");
        }

        if (Rejected.Contains(page.PageNumber))
        {
            throw new PageRejectedException($"page {page.PageNumber} rejected (fake)");
        }

        var text = $"Text of page {page.PageNumber}";
        return new PageResult
        {
            PageNumber = page.PageNumber,
            Width = 100,
            Height = 100,
            Blocks = [new Block { Kind = "paragraph", Text = text, Bbox = new Box(0, 0, 10, 10) }],
        };
    }
}

/// <summary>Locations held in memory, counting every read and write (to prove a refused source was never fetched).</summary>
internal sealed class CountingLocations : ILocationStorage
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

    public int Reads;

    public int Writes;

    public Task<Stream?> OpenReadAsync(DocumentLocation location, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Reads);
        return Task.FromResult<Stream?>(Objects.TryGetValue(location.ToString(), out var bytes) ? new MemoryStream(bytes) : null);
    }

    /// <summary>The job that wrote each object, as the real stores keep it in the object's metadata.</summary>
    public ConcurrentDictionary<string, string> Writers { get; } = new();

    public async Task WriteAsync(DocumentLocation location, Stream content, string contentType, string? writer = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Writes);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        Objects[location.ToString()] = buffer.ToArray();
        if (writer is not null)
        {
            Writers[location.ToString()] = writer;
        }
    }

    public Task<StoredObject?> FindAsync(DocumentLocation location, CancellationToken cancellationToken = default) =>
        Task.FromResult(Objects.ContainsKey(location.ToString()) ? new StoredObject(Writers.GetValueOrDefault(location.ToString())) : null);
}
