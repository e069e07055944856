using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Testing;

namespace Folio.Inference.Tests;

/// <summary>
/// Bad input gets its own 4xx even while every page slot is taken: a 429 would send the client back with the same
/// bytes. The cheap checks run before ASP.NET Core's concurrency limiter (PageAdmission, then the rate limiting
/// middleware). The slots are held by slow uploads of real documents, through the service's own code.
/// </summary>
public sealed class ValidationBeforeSlotTests
{
    private const int MaxBytes = 1024 * 1024;

    private static ByteArrayContent Body(byte[] bytes, string mediaType) =>
        new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } };

    private static byte[] RandomBytes()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = (byte)'x'; // never the start of a signature
        return bytes;
    }

    private static async Task WaitForPagesInFlightAsync(HttpClient client, int count, int queued = 0)
    {
        for (var i = 0; i < 500; i++)
        {
            var info = await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/info", UriKind.Relative));
            if (info.GetProperty("pagesInFlight").GetInt32() == count && info.GetProperty("pagesQueued").GetInt32() == queued)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{count} pages never were in flight with {queued} waiting.");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string what)
    {
        Assert.True(response.StatusCode == status, $"{what}: expected {(int)status}, got {(int)response.StatusCode}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    [ModelsFact]
    public async Task While_every_slot_is_busy_bad_input_gets_its_4xx_and_good_input_gets_429()
    {
        using var factory = ServiceFactory.With(new Dictionary<string, string?>
        {
            ["Inference:MaxPagesInFlight"] = "2",
            ["Inference:MaxRequestBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var client = await factory.ReadyClientAsync();
        var pdf = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf"));
        var jpeg = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "scanned-page.jpg"));
        var html = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.BadInputs, "html-named.pdf"));
        var slow = new[] { new StalledUpload(pdf, 4096, "application/pdf"), new StalledUpload(pdf, 4096, "application/pdf") };
        // Without redirects: the redirect handler would read the whole body before sending it.
        var streaming = factory.CreateClient(new() { AllowAutoRedirect = false });
        var holding = slow.Select(body => streaming.PostAsync(new Uri("/v1/ocr?dpi=72", UriKind.Relative), body)).ToList();
        try
        {
            await WaitForPagesInFlightAsync(client, 2);

            async Task<HttpResponseMessage> Post(string path, HttpContent content) => await client.PostAsync(new Uri(path, UriKind.Relative), content);
            foreach (var path in new[] { "/v1/ocr", "/v1/render" })
            {
                await AssertProblemAsync(await Post(path, Body([], "application/pdf")), HttpStatusCode.UnprocessableEntity, "empty", $"{path} empty");
                await AssertProblemAsync(await Post(path, Body(RandomBytes(), "application/octet-stream")), HttpStatusCode.UnsupportedMediaType, "unsupported_type", $"{path} random bytes");
                await AssertProblemAsync(await Post(path, Body(RandomBytes(), "image/png")), HttpStatusCode.UnsupportedMediaType, "unsupported_type", $"{path} random bytes as png");
                await AssertProblemAsync(await Post(path, Body(html, "application/pdf")), HttpStatusCode.UnsupportedMediaType, "unsupported_type", $"{path} HTML as PDF");
                var oversized = new byte[MaxBytes + 1];
                jpeg.AsSpan(0, 1024).CopyTo(oversized);
                await AssertProblemAsync(await Post(path, Body(oversized, "image/jpeg")), HttpStatusCode.RequestEntityTooLarge, "too_large", $"{path} over the size limit");
                await AssertProblemAsync(await Post(path + "?page=abc", Body(jpeg, "image/jpeg")), HttpStatusCode.BadRequest, "bad_request", $"{path} page not a number");
                await AssertProblemAsync(await Post(path + "?dpi=5", Body(jpeg, "image/jpeg")), HttpStatusCode.BadRequest, "bad_request", $"{path} dpi out of range");

                var busy = await Post(path, Body(jpeg, "image/jpeg"));
                await AssertProblemAsync(busy, (HttpStatusCode)429, "busy", $"{path} good input");
                Assert.NotNull(busy.Headers.RetryAfter);
            }

            // Still both slots held by the slow uploads: the refusals took none.
            await WaitForPagesInFlightAsync(client, 2);
        }
        finally
        {
            foreach (var body in slow)
            {
                body.Release();
            }
        }

        foreach (var response in await Task.WhenAll(holding))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [ModelsFact]
    public async Task With_a_queue_a_page_waits_for_the_slot_and_only_past_the_queue_comes_429()
    {
        using var factory = ServiceFactory.With(new Dictionary<string, string?>
        {
            ["Inference:MaxPagesInFlight"] = "1",
            ["Inference:PageQueueLength"] = "1",
            ["Inference:RetryAfterSeconds"] = "3",
        });
        var client = await factory.ReadyClientAsync();
        var jpeg = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "scanned-page.jpg"));
        var holder = new StalledUpload(jpeg, 4096, "image/jpeg");
        var streaming = factory.CreateClient(new() { AllowAutoRedirect = false });
        var holding = streaming.PostAsync(new Uri("/v1/render", UriKind.Relative), holder);
        Task<HttpResponseMessage>? waiting = null;
        try
        {
            await WaitForPagesInFlightAsync(client, 1);
            // The second page waits in the queue: the slot is held, so it neither runs nor is turned away.
            waiting = client.PostAsync(new Uri("/v1/render", UriKind.Relative), Body(jpeg, "image/jpeg"));
            await WaitForPagesInFlightAsync(client, 1, queued: 1);
            Assert.False(waiting.IsCompleted);

            // Slot and queue full: bad input still gets its 4xx, good input 429 with Retry-After and the problem.
            await AssertProblemAsync(await client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), Body(RandomBytes(), "image/png")), HttpStatusCode.UnsupportedMediaType, "unsupported_type", "random bytes");
            var busy = await client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), Body(jpeg, "image/jpeg"));
            await AssertProblemAsync(busy, (HttpStatusCode)429, "busy", "good input past the queue");
            Assert.Equal(TimeSpan.FromSeconds(3), busy.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            holder.Release();
        }

        Assert.Equal(HttpStatusCode.OK, (await holding).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await waiting!).StatusCode);
        await WaitForPagesInFlightAsync(client, 0);
    }
}
