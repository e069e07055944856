using System.Globalization;
using System.Text.Json;
using Folio.Documents;
using Folio.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Folio.Functions;

/// <summary>
/// The app settings the Functions app reads (flat names, so binding expressions such as
/// <c>%FOLIO_INPUT_CONTAINER%</c> resolve them). <c>local.settings.sample.json</c> lists each one.
/// </summary>
public sealed class FolioSettings
{
    /// <summary>Store key area of uploaded documents (mapped to <see cref="InputContainer"/>).</summary>
    public const string InputArea = "input";

    /// <summary>Store key area of outputs (mapped to <see cref="OutputContainer"/>).</summary>
    public const string OutputArea = "output";

    /// <summary>Connection string of the documents' storage account (setting <c>FOLIO_STORAGE</c>; falls back to <c>AzureWebJobsStorage</c>).</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Blob endpoint for identity-based access (setting <c>FOLIO_STORAGE__blobServiceUri</c>), used when no connection string is set.</summary>
    public Uri? StorageServiceUri { get; init; }

    /// <summary>Container watched for uploads (<c>FOLIO_INPUT_CONTAINER</c>, default <c>incoming</c>).</summary>
    public string InputContainer { get; init; } = "incoming";

    /// <summary>Container of pages and page results (<c>FOLIO_WORK_CONTAINER</c>, default <c>folio-work</c>).</summary>
    public string WorkContainer { get; init; } = "folio-work";

    /// <summary>Container of the Markdown and JSON outputs (<c>FOLIO_OUTPUT_CONTAINER</c>, default <c>folio-output</c>).</summary>
    public string OutputContainer { get; init; } = "folio-output";

    /// <summary>Inference service settings (<c>FOLIO_INFERENCE_URL</c>, <c>FOLIO_INFERENCE_API_KEY</c>, <c>FOLIO_INFERENCE_*_SECONDS</c>, <c>FOLIO_INFERENCE_RETRIES</c>).</summary>
    public HttpRecognizerOptions Inference { get; init; } = new();

    /// <summary>
    /// The output formats of documents uploaded to the input container (<c>FOLIO_UPLOAD_FORMATS</c>, comma-separated:
    /// md, json, txt, html, pdf); empty for Markdown and JSON.
    /// </summary>
    public IReadOnlyList<string> UploadFormats { get; init; } = [];

    /// <summary>Default render resolution (<c>FOLIO_DPI</c>, default <see cref="JobRequest.Dpi"/>).</summary>
    public int Dpi { get; init; } = JobRequest.Defaults.Dpi;

    /// <summary>Pages in flight per document (<c>FOLIO_MAX_PAGES_IN_FLIGHT</c>, default <see cref="JobRequest.MaxPagesInFlight"/>).</summary>
    public int MaxPagesInFlight { get; init; } = JobRequest.Defaults.MaxPagesInFlight;

    /// <summary>Pages per sub-orchestration (<c>FOLIO_PAGES_PER_BATCH</c>, default <see cref="JobRequest.PagesPerBatch"/>).</summary>
    public int PagesPerBatch { get; init; } = JobRequest.Defaults.PagesPerBatch;

    /// <summary>Page retries (<c>FOLIO_PAGE_ATTEMPTS</c>, <c>FOLIO_PAGE_RETRY_SECONDS</c>; defaults of <see cref="PageRetrySettings"/>).</summary>
    public PageRetrySettings Retry { get; init; } = JobRequest.Defaults.Retry;

    /// <summary>Upload limits (<c>FOLIO_MAX_UPLOAD_MB</c>, default 500; <c>FOLIO_MAX_PAGES</c>, default 2000).</summary>
    public DocumentLimits Limits { get; init; } = DocumentLimits.Default;

    /// <summary>
    /// Containers and buckets the API may read documents from (<c>FOLIO_ALLOWED_SOURCES</c>) and write copies of the
    /// outputs to (<c>FOLIO_ALLOWED_DESTINATIONS</c>): comma-separated <c>blob://container</c> or <c>s3://bucket[/prefix]</c>.
    /// The input container is always a source. Empty: nothing else.
    /// </summary>
    public LocationPolicy Locations { get; init; } = new([], []);

    /// <summary>S3 endpoint override and path-style addressing (<c>FOLIO_S3_ENDPOINT</c>, <c>FOLIO_S3_FORCE_PATH_STYLE</c>); credentials and region come from the AWS chain.</summary>
    public S3Options S3 { get; init; } = new();

    /// <summary>Finished jobs, their files and cached pages are deleted after this long (<c>FOLIO_RETENTION_DAYS</c>, default 30; 0 keeps everything).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long <c>DELETE /api/documents/{id}</c> waits for a canceled job to stop (<c>FOLIO_DELETE_WAIT_SECONDS</c>, default 30).</summary>
    public TimeSpan DeleteWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Callbacks and Event Grid events when jobs end (<c>FOLIO_CALLBACK_*</c>, <c>FOLIO_EVENTGRID_*</c>).</summary>
    public NotificationSettings Notifications { get; init; } = new();

    /// <summary>The worker's JSON settings: camelCase out, any case in (HTTP payloads, durable inputs and outputs).</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
    }

    /// <summary>
    /// Reads the settings, with defaults for those not set, and checks them (<see cref="FolioSettingsValidator"/>): a
    /// number that is not one, a URL that is not one, or a value out of range stops the app at start with a message
    /// naming the setting, rather than the app running on a default.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is not valid; the message names each one.</exception>
    public static FolioSettings From(IConfiguration configuration)
    {
        var failures = new List<string>();
        string? Text(string name) => string.IsNullOrWhiteSpace(configuration[name]) ? null : configuration[name];
        int Number(string name, int fallback)
        {
            var text = Text(name);
            if (text is null)
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            failures.Add($"{name} must be a whole number, not '{text}'.");
            return fallback;
        }

        Uri? Url(string name, string? text)
        {
            if (text is null)
            {
                return null;
            }

            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                return url;
            }

            failures.Add($"{name} must be an absolute http or https URL, not '{text}'.");
            return null;
        }

        // A list of output formats, checked as a job's own formats are (known names; pdf needs a font).
        IReadOnlyList<string> Formats(string name)
        {
            var options = new JobOptions { OutputFormats = Text(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
            if (options.Problem() is { } problem)
            {
                failures.Add($"{name}: {problem}");
            }

            return options.FormatList();
        }

        var serviceUri = Text("FOLIO_STORAGE:blobServiceUri") ?? Text("FOLIO_STORAGE__blobServiceUri");
        var defaults = JobRequest.Defaults;
        var settings = new FolioSettings
        {
            StorageConnectionString = Text("FOLIO_STORAGE") ?? (serviceUri is null ? Text("AzureWebJobsStorage") : null),
            StorageServiceUri = Url("FOLIO_STORAGE__blobServiceUri", serviceUri),
            InputContainer = Text("FOLIO_INPUT_CONTAINER") ?? "incoming",
            WorkContainer = Text("FOLIO_WORK_CONTAINER") ?? "folio-work",
            OutputContainer = Text("FOLIO_OUTPUT_CONTAINER") ?? "folio-output",
            Inference = new HttpRecognizerOptions
            {
                BaseUrl = Url("FOLIO_INFERENCE_URL", Text("FOLIO_INFERENCE_URL")),
                ApiKey = Text("FOLIO_INFERENCE_API_KEY"),
                AttemptTimeout = TimeSpan.FromSeconds(Number("FOLIO_INFERENCE_ATTEMPT_TIMEOUT_SECONDS", 120)),
                TotalTimeout = TimeSpan.FromSeconds(Number("FOLIO_INFERENCE_TOTAL_TIMEOUT_SECONDS", 300)),
                MaxRetries = Number("FOLIO_INFERENCE_RETRIES", 2),
            },
            Dpi = Number("FOLIO_DPI", defaults.Dpi),
            UploadFormats = Formats("FOLIO_UPLOAD_FORMATS"),
            MaxPagesInFlight = Number("FOLIO_MAX_PAGES_IN_FLIGHT", defaults.MaxPagesInFlight),
            PagesPerBatch = Number("FOLIO_PAGES_PER_BATCH", defaults.PagesPerBatch),
            Retry = defaults.Retry with
            {
                MaxAttempts = Number("FOLIO_PAGE_ATTEMPTS", defaults.Retry.MaxAttempts),
                FirstDelay = TimeSpan.FromSeconds(Number("FOLIO_PAGE_RETRY_SECONDS", (int)defaults.Retry.FirstDelay.TotalSeconds)),
            },
            Limits = new DocumentLimits { MaxBytes = Number("FOLIO_MAX_UPLOAD_MB", 500) * 1024L * 1024L, MaxPages = Number("FOLIO_MAX_PAGES", 2000) },
            Locations = ReadLocations(Text("FOLIO_ALLOWED_SOURCES"), Text("FOLIO_ALLOWED_DESTINATIONS"), failures),
            S3 = S3Options.FromVariables(name => Text(name)),
            Retention = TimeSpan.FromDays(Number("FOLIO_RETENTION_DAYS", 30)),
            DeleteWait = TimeSpan.FromSeconds(Number("FOLIO_DELETE_WAIT_SECONDS", 30)),
            Notifications = NotificationSettings.From(Text),
        };
        if (failures.Count == 0)
        {
            var validation = new FolioSettingsValidator().Validate(Options.DefaultName, settings);
            if (validation.Failed)
            {
                failures.AddRange(validation.Failures);
            }
        }

        return failures.Count == 0 ? settings : throw new OptionsValidationException(Options.DefaultName, typeof(FolioSettings), failures);
    }

    private static LocationPolicy ReadLocations(string? sources, string? destinations, List<string> failures)
    {
        try
        {
            return new LocationPolicy(LocationPolicy.SplitSetting(sources), LocationPolicy.SplitSetting(destinations));
        }
        catch (FormatException ex)
        {
            failures.Add($"FOLIO_ALLOWED_SOURCES and FOLIO_ALLOWED_DESTINATIONS take comma-separated blob://container or s3://bucket[/prefix] entries: {ex.Message}");
            return new LocationPolicy([], []);
        }
    }

    /// <summary>Options of the blob work store: <c>input/…</c> in the input container, <c>output/…</c> in the output container, the rest in the work container.</summary>
    public BlobWorkStoreOptions StoreOptions()
    {
        var options = new BlobWorkStoreOptions { ConnectionString = StorageConnectionString, ServiceUri = StorageServiceUri, DefaultContainer = WorkContainer };
        options.Containers[InputArea] = InputContainer;
        options.Containers[OutputArea] = OutputContainer;
        return options;
    }

    /// <summary>The Blob service of <see cref="StorageConnectionString"/>, or of <see cref="StorageServiceUri"/> with the managed identity.</summary>
    public Azure.Storage.Blobs.BlobServiceClient CreateBlobServiceClient() =>
        BlobClients.Create(StorageConnectionString, StorageServiceUri, "Set FOLIO_STORAGE (or AzureWebJobsStorage) or FOLIO_STORAGE__blobServiceUri.");

    /// <summary>Where a store key lives, as <c>container/blob</c>.</summary>
    public string Locate(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var area = slash < 0 ? string.Empty : key[..slash];
        return area switch
        {
            InputArea => $"{InputContainer}/{key[(slash + 1)..]}",
            OutputArea => $"{OutputContainer}/{key[(slash + 1)..]}",
            _ => $"{WorkContainer}/{key}",
        };
    }

    /// <summary>The job for an uploaded blob of the input container, with the default options and <see cref="UploadFormats"/>.</summary>
    public DocumentJob CreateJob(ReadOnlySpan<byte> contentSha256, string blobName) =>
        CreateJob(contentSha256, $"{InputArea}/{blobName}", blobName, new JobOptions { OutputFormats = UploadFormats.Count > 0 ? UploadFormats : null }, destination: null);

    /// <summary>The job for a document (<see cref="DocumentJob.Create"/>), with this app's defaults for what the options leave open.</summary>
    /// <param name="contentSha256">SHA-256 of the document.</param>
    /// <param name="sourceKey">Store key of the document in the input area, or null for the job's own copy (<see cref="WorkKeys.Source"/>).</param>
    /// <param name="sourceName">The document's name; names the outputs.</param>
    /// <param name="options">What the caller asked for, checked (<see cref="JobOptions.Problem"/>; its callback against <see cref="NotificationSettings.Callbacks"/>).</param>
    /// <param name="destination">Where copies of the outputs go, or null.</param>
    public DocumentJob CreateJob(ReadOnlySpan<byte> contentSha256, string? sourceKey, string sourceName, JobOptions options, string? destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = new JobRequest
        {
            Pages = string.IsNullOrWhiteSpace(options.Pages) ? null : PageRanges.Parse(options.Pages),
            Dpi = options.Dpi ?? Dpi,
            ForceOcr = options.ForceOcr,
            AcceptOcrTextLayer = options.AcceptOcrTextLayer,
            Engine = options.Engine,
            Destination = destination,
            Formats = options.FormatList(),
            MaxPagesInFlight = MaxPagesInFlight,
            PagesPerBatch = PagesPerBatch,
            Retry = Retry,
            Callback = string.IsNullOrWhiteSpace(options.Callback) ? null : options.Callback,
            PublishEvents = Notifications.PublishesEvents,
            NotificationRetry = Notifications.Retry,
        };
        return DocumentJob.Create(contentSha256, sourceName, request, sourceKey);
    }
}
