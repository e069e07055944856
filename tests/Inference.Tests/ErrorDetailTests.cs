using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Testing;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Folio.Inference.Tests;

/// <summary>Callers get a stable code and a fixed text for the service's own failures; the exception text goes to the log.</summary>
public sealed class ErrorDetailTests
{
    private static ByteArrayContent Jpeg() =>
        new(File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "scanned-page.jpg"))) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } };

    [ModelsFact]
    public async Task An_engine_that_failed_to_load_is_reported_to_callers_without_the_exception_text()
    {
        var missing = Path.Combine(Path.GetTempPath(), "folio-missing-models-" + Guid.NewGuid().ToString("N"));
        var logs = new LogCapture();
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Ocr:ModelDirectory"] = missing }, services =>
            services.AddSingleton<ILoggerProvider>(logs));
        var client = factory.CreateClient();
        for (var i = 0; i < 200 && !logs.Entries.Any(e => e.EventId.Id == 2); i++)
        {
            await Task.Delay(50);
        }

        var ocr = await client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), Jpeg());
        var info = await client.GetAsync(new Uri("/v1/info", UriKind.Relative));
        foreach (var response in new[] { ocr, info })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            // The exception named the model folder: a server path is nobody's business outside.
            Assert.DoesNotContain(missing, text, StringComparison.Ordinal);
            Assert.DoesNotContain(".onnx", text, StringComparison.Ordinal);
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.Equal("not_ready", problem.GetProperty("code").GetString());
            Assert.Contains("failed to load", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // The operator still finds the cause in the log.
        Assert.Contains(logs.Entries, e => e.EventId.Id == 2 && e.AllText.Contains(missing, StringComparison.Ordinal));
    }

    [ModelsFact]
    public async Task A_query_parameter_that_is_not_a_number_is_a_400_with_a_code_not_a_500()
    {
        using var factory = new ServiceFactory();
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsync(new Uri("/v1/ocr?page=abc", UriKind.Relative), Jpeg());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("bad_request", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("Failed to bind", text, StringComparison.Ordinal);
    }

    [ModelsFact]
    public async Task An_unexpected_exception_is_answered_with_internal_error_and_logged_with_its_message()
    {
        const string secret = "cairo said: /srv/folio/models/secret-path.onnx is corrupt";
        var logs = new LogCapture();
        using var factory = ServiceFactory.With(new Dictionary<string, string?>(), services => services.AddSingleton<ILoggerProvider>(logs));
        // The handler the service registered, on a request of the service's own container.
        var handler = Assert.Single(factory.Services.GetServices<IExceptionHandler>(), h => h is InternalErrorHandler);
        using var scope = factory.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "POST";
        context.Request.Path = "/v1/ocr";
        context.Response.Body = new MemoryStream();

        Assert.True(await handler.TryHandleAsync(context, new InvalidOperationException(secret), CancellationToken.None));

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("internal_error", problem.GetProperty("code").GetString());
        Assert.DoesNotContain("secret-path", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 40 && e.AllText.Contains(secret, StringComparison.Ordinal));
    }
}
