using System.Text.Json;
using Folio.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Folio.Functions.Tests;

/// <summary>
/// The app's settings are checked as they are read at start: a number that is not one, a URL that is not one or a
/// value out of range stops the app with a message naming the setting, instead of the app running on a default.
/// </summary>
public sealed class SettingsValidationTests
{
    private static FolioSettings Read(params (string Key, string Value)[] values) =>
        FolioSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void The_defaults_and_the_sample_settings_are_valid()
    {
        Assert.Equal(JobRequestDefaults.Dpi, Read().Dpi);
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => (p.Name, p.Value.GetString() ?? string.Empty)).ToArray();
        var settings = Read(values);
        Assert.Equal(16, settings.MaxPagesInFlight);
        Assert.Equal(new Uri("http://localhost:8080/"), settings.Inference.BaseUrl);
    }

    [Theory]
    [InlineData("FOLIO_DPI", "high")]
    [InlineData("FOLIO_DPI", "20")]
    [InlineData("FOLIO_MAX_PAGES_IN_FLIGHT", "0")]
    [InlineData("FOLIO_PAGES_PER_BATCH", "-1")]
    [InlineData("FOLIO_PAGE_ATTEMPTS", "0")]
    [InlineData("FOLIO_PAGE_RETRY_SECONDS", "soon")]
    [InlineData("FOLIO_INFERENCE_ATTEMPT_TIMEOUT_SECONDS", "0")]
    [InlineData("FOLIO_INFERENCE_RETRIES", "-1")]
    [InlineData("FOLIO_INFERENCE_URL", "inference:8080")]
    [InlineData("FOLIO_MAX_UPLOAD_MB", "0")]
    [InlineData("FOLIO_MAX_PAGES", "none")]
    [InlineData("FOLIO_RETENTION_DAYS", "-3")]
    [InlineData("FOLIO_DELETE_WAIT_SECONDS", "-1")]
    [InlineData("FOLIO_OUTPUT_CONTAINER", "Bad_Name")]
    [InlineData("FOLIO_ALLOWED_SOURCES", "ftp://nowhere")]
    [InlineData("FOLIO_UPLOAD_FORMATS", "md,docx")]
    public void A_bad_setting_stops_the_app_naming_the_setting(string setting, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read((setting, value)));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uploads_get_the_formats_the_setting_names()
    {
        var hash = new byte[32];
        Assert.Null(Read().CreateJob(hash, "scan.pdf").Formats);
        Assert.Equal(["json", "md", "pdf"], Read(("FOLIO_UPLOAD_FORMATS", " md, json ,pdf ")).CreateJob(hash, "scan.pdf").Formats);
    }

    [Fact]
    public void Every_bad_setting_is_named_at_once()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(("FOLIO_DPI", "x"), ("FOLIO_MAX_PAGES", "y")));
        Assert.Contains("FOLIO_DPI", error.Message, StringComparison.Ordinal);
        Assert.Contains("FOLIO_MAX_PAGES", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_checks_settings_made_in_code_too()
    {
        var result = new FolioSettingsValidator().Validate(null, new FolioSettings { PagesPerBatch = 0 });
        Assert.True(result.Failed);
        Assert.Contains("FOLIO_PAGES_PER_BATCH", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new FolioSettingsValidator().Validate(null, new FolioSettings()).Succeeded);
    }

    private static class JobRequestDefaults
    {
        public static int Dpi => Folio.Pipeline.JobRequest.Defaults.Dpi;
    }
}
