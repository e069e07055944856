using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Inference.Tests;

/// <summary>
/// A bad setting stops the service at start with a message naming it: a value that is not a number, one out of
/// range, settings that contradict each other; for the service's own options and for the engines' it binds.
/// </summary>
public sealed class OptionsValidationTests
{
    private static string StartFailure(params (string Key, string Value)[] settings)
    {
        using var factory = ServiceFactory.With(settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        return error.ToString();
    }

    [Theory]
    [InlineData("Inference:MaxPagesInFlight", "-1")]
    [InlineData("Inference:MaxPagesInFlight", "lots")]
    [InlineData("Inference:PageQueueLength", "-5")]
    [InlineData("Inference:MaxRequestBytes", "0")]
    [InlineData("Inference:MaxDpi", "10")]
    [InlineData("Inference:RetryAfterSeconds", "0")]
    [InlineData("Inference:DefaultEngine", "tesseract")]
    [InlineData("Ocr:IntraOpThreads", "-2")]
    [InlineData("Ocr:RecognitionWidthScale", "3")]
    [InlineData("Ocr:Device", "Tpu")]
    [InlineData("Inference:Vlm:MaxConcurrentRequests", "0")]
    [InlineData("Inference:Vlm:RequestTimeout", "-00:00:05")]
    [InlineData("Inference:Vlm:ServerUrl", "not a url")]
    public void A_bad_setting_stops_the_service_naming_the_setting(string setting, string value)
    {
        var failure = StartFailure((setting, value));
        Assert.Contains(setting, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_that_contradict_each_other_stop_the_service_naming_both()
    {
        var dpi = StartFailure(("Inference:DefaultDpi", "300"), ("Inference:MaxDpi", "200"));
        Assert.Contains("Inference:DefaultDpi", dpi, StringComparison.Ordinal);
        Assert.Contains("Inference:MaxDpi", dpi, StringComparison.Ordinal);

        var vlm = StartFailure(("Inference:DefaultEngine", "vlm"));
        Assert.Contains("Inference:Vlm:ServerUrl", vlm, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Good_settings_start_and_the_probes_are_health_checks()
    {
        using var factory = ServiceFactory.With(new Dictionary<string, string?>
        {
            ["Inference:MaxPagesInFlight"] = "3",
            ["Inference:PageQueueLength"] = "4",
            ["Ocr:ModelDirectory"] = Path.Combine(Path.GetTempPath(), "no-models-for-options"),
        });
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        var slots = factory.Services.GetRequiredService<PageSlots>();
        Assert.Equal((3, 4), (slots.Capacity, slots.QueueLength));

        // The probes are ASP.NET Core's health checks: readiness the engine and the VLM server, liveness the renders
        // left running past their time (none here).
        var report = await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(["engine", "renders", "vlm"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["engine"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["vlm"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["renders"].Status);
    }
}
