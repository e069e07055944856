using System.Net;
using System.Text;
using Folio.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Pipeline.Tests;

/// <summary>HttpPageRecognizer through the real factory registration and resilience handler, over a stub handler.</summary>
public class HttpRecognizerTests
{
    [Fact]
    public async Task Success_PostsThePageAndReadsTheResult()
    {
        var stub = new StubHandler((_, _) => Json(HttpStatusCode.OK, """{"index":7,"width":10,"height":20,"dpi":200,"status":"succeeded","blocks":[{"kind":"paragraph","text":"hi","bbox":{"left":0,"top":0,"right":5,"bottom":5}}]}"""));
        var recognizer = Build(stub, apiKey: "secret");

        var result = await recognizer.RecognizeAsync(new PageInput(new byte[] { 1, 2, 3 }, "application/pdf", 7, 200));

        Assert.Equal(7, result.PageNumber); // the page number in the document, as the service was asked to number it
        Assert.Equal("hi", Assert.Single(result.Blocks).Text);
        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://inference.test/base/v1/ocr?page=7&firstPage=7&dpi=200", request.Uri);
        Assert.Equal("application/pdf", request.ContentType);
        Assert.Equal("secret", request.ApiKey);
        Assert.Equal(new byte[] { 1, 2, 3 }, request.Body);
    }

    [Fact]
    public async Task ClientError_IsRejectedWithTheProblemDetail_NotRetried()
    {
        var stub = new StubHandler((_, _) => Json(HttpStatusCode.UnprocessableEntity, """{"title":"Unprocessable","status":422,"detail":"The PDF page is damaged."}""", "application/problem+json"));
        var recognizer = Build(stub);

        var error = await Assert.ThrowsAsync<PageRejectedException>(() => recognizer.RecognizeAsync(new PageInput(new byte[] { 1 }, "image/png", 3, 150)));

        Assert.Contains("422", error.Message, StringComparison.Ordinal);
        Assert.Contains("The PDF page is damaged.", error.Message, StringComparison.Ordinal);
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task BusyStatus_IsRetriedThenReportedAsBusy(HttpStatusCode status)
    {
        var stub = new StubHandler((_, _) => Json(status, """{"detail":"busy"}"""));
        var recognizer = Build(stub);

        var error = await Assert.ThrowsAsync<ServiceBusyException>(() => recognizer.RecognizeAsync(new PageInput(new byte[] { 1 }, "image/png", 1, 150)));

        Assert.Contains("busy", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, stub.Requests.Count); // one attempt and two handler retries
    }

    [Fact]
    public async Task ManyBusyAnswers_DoNotOpenTheCircuit_AndTheNextFreeSlotIsUsed()
    {
        // 150 busy answers within the breaker's window: more than its 100-call minimum, all of them failures to a
        // breaker that counted them.
        var busy = 150;
        var stub = new StubHandler((_, _) => Interlocked.Decrement(ref busy) >= 0
            ? Json(HttpStatusCode.TooManyRequests, """{"detail":"busy"}""")
            : Json(HttpStatusCode.OK, """{"index":1,"width":10,"height":10,"dpi":150,"status":"succeeded","blocks":[]}"""));
        var recognizer = Build(stub);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Assert.ThrowsAsync<ServiceBusyException>(() => recognizer.RecognizeAsync(new PageInput(new byte[] { 1 }, "image/png", 1, 150)))));

        var page = await recognizer.RecognizeAsync(new PageInput(new byte[] { 1 }, "image/png", 1, 150));
        Assert.Equal(1, page.PageNumber);
    }

    [Fact]
    public async Task ServerError_IsRetriedThenRetryable_NotBusy()
    {
        var stub = new StubHandler((_, _) => Json(HttpStatusCode.InternalServerError, """{"detail":"boom"}"""));
        var recognizer = Build(stub);

        var error = await Assert.ThrowsAsync<PageRecognitionException>(() => recognizer.RecognizeAsync(new PageInput(new byte[] { 1 }, "image/png", 1, 150)));

        Assert.Equal(3, stub.Requests.Count);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowService_TimesOutAsRetryable()
    {
        var stub = new StubHandler(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Json(HttpStatusCode.OK, "{}");
        });
        var recognizer = Build(stub, attemptTimeout: TimeSpan.FromMilliseconds(200), retries: 1);

        var error = await Assert.ThrowsAsync<PageRecognitionException>(() => recognizer.RecognizeAsync(new PageInput(new byte[] { 1 }, "image/png", 1, 150)));

        Assert.Contains("did not answer in time", error.Message, StringComparison.Ordinal);
    }

    private static IPageRecognizer Build(StubHandler stub, string? apiKey = null, TimeSpan? attemptTimeout = null, int retries = 2)
    {
        var services = new ServiceCollection();
        services.AddHttpPageRecognizer(o =>
        {
            o.BaseUrl = new Uri("http://inference.test/base");
            o.ApiKey = apiKey;
            o.AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(10);
            o.TotalTimeout = (attemptTimeout ?? TimeSpan.FromSeconds(10)) * 4;
            o.MaxRetries = retries;
        }).ConfigurePrimaryHttpMessageHandler(() => stub);
        return services.BuildServiceProvider().GetRequiredService<IPageRecognizer>();
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    private sealed record SeenRequest(HttpMethod Method, string Uri, string? ContentType, string? ApiKey, byte[] Body);

    private sealed class StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        public StubHandler(Func<HttpRequestMessage, CancellationToken, HttpResponseMessage> respond)
            : this((r, ct) => Task.FromResult(respond(r, ct)))
        {
        }

        public List<SeenRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add(new SeenRequest(request.Method, request.RequestUri!.ToString(), request.Content?.Headers.ContentType?.MediaType,
                    request.Headers.TryGetValues("X-Api-Key", out var key) ? key.Single() : null, body));
            }

            return await respond(request, cancellationToken);
        }
    }
}

/// <summary>What the page cache keys on for the HTTP recogniser: the service's engine and model digests.</summary>
public class RecognizerDescriptionTests
{
    [Fact]
    public void Describe_IsStable_AndChangesWithTheModels()
    {
        static string? Describe(string json)
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return HttpPageRecognizer.Describe(document.RootElement);
        }

        var a = Describe("""{"engine":"ppocr","provider":"CPU","models":{"rec.onnx":"aa11","det.onnx":"bb22"},"inFlight":3}""");
        var sameOtherOrder = Describe("""{"inFlight":0,"models":{"det.onnx":"bb22","rec.onnx":"aa11"},"engine":"ppocr","provider":"CUDA"}""");
        var newModel = Describe("""{"engine":"ppocr","models":{"rec.onnx":"cc33","det.onnx":"bb22"}}""");
        var withVlm = Describe("""{"engine":"ppocr","models":{"rec.onnx":"aa11","det.onnx":"bb22"},"vlm":{"model":"PaddlePaddle/PaddleOCR-VL"}}""");

        Assert.Equal("ppocr|det.onnx=bb22;rec.onnx=aa11", a);
        Assert.Equal(a, sameOtherOrder); // load and device do not change the text
        Assert.NotEqual(a, newModel);
        Assert.Equal(a + "|vlm=PaddlePaddle/PaddleOCR-VL", withVlm);
        Assert.Null(Describe("""{"status":"loading"}"""));
        var squeezed = Describe("""{"engine":"ppocr","models":{"rec.onnx":"aa11","det.onnx":"bb22"},"settings":"widthScale=0.9"}""");
        Assert.Equal(a + "|widthScale=0.9", squeezed); // another width squeeze reads other text: another key
    }
}
