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

/// <summary>Answers one block per page; rejects the pages it is told to.</summary>
internal sealed class FakeRecognizer : IPageRecognizer
{
    public ConcurrentDictionary<int, int> Attempts { get; } = new();

    public HashSet<int> Rejected { get; } = [];

    public Task<PageResult> RecognizeAsync(PageInput page, CancellationToken cancellationToken = default)
    {
        Attempts.AddOrUpdate(page.PageNumber, 1, (_, n) => n + 1);
        if (Rejected.Contains(page.PageNumber))
        {
            throw new PageRejectedException($"page {page.PageNumber} rejected (fake)");
        }

        var text = $"Text of page {page.PageNumber}";
        return Task.FromResult(new PageResult
        {
            Index = page.PageNumber,
            Width = 100,
            Height = 100,
            Blocks = [new Block { Kind = "paragraph", Text = text, Bbox = new Box(0, 0, 10, 10) }],
        });
    }
}
