using System.Net;
using Folio.Documents;
using Folio.Pipeline;

namespace Folio.Functions;

/// <summary>A request the API refuses, with the HTTP status and the reason to send back.</summary>
public sealed class SubmissionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SubmissionException(HttpStatusCode status, string message)
        : base(message) => Status = status;

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public SubmissionException()
        : this(HttpStatusCode.BadRequest, "Bad request.")
    {
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public SubmissionException(string message)
        : this(HttpStatusCode.BadRequest, message)
    {
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public SubmissionException(string message, Exception innerException)
        : base(message, innerException) => Status = HttpStatusCode.BadRequest;

    /// <summary>The status to answer with.</summary>
    public HttpStatusCode Status { get; }
}

/// <summary>A job ready to start, and the document's bytes when they still have to be put in the work store.</summary>
/// <param name="Job">The job.</param>
/// <param name="Staged">The staged document to store under the job's source key, or null when it is already in the store.</param>
public sealed record Submission(DocumentJob Job, StagedDocument? Staged);

/// <summary>
/// Turns a request into a job: checks the options, the source and the destination against the configured
/// allow-list before anything is fetched, reads the document (hashing it for the job id) and refuses what is
/// too large.
/// </summary>
public sealed class JobSubmission
{
    private readonly IWorkStore _store;
    private readonly ILocationStorage _locations;
    private readonly FolioSettings _settings;

    /// <summary>Creates the service (from DI).</summary>
    public JobSubmission(IWorkStore store, ILocationStorage locations, FolioSettings settings)
    {
        _store = store;
        _locations = locations;
        _settings = settings;
    }

    /// <summary>A job for a document named by <c>source</c> (a location or a blob of the input container).</summary>
    /// <exception cref="SubmissionException">400, 403, 404 or 413, with the reason.</exception>
    public async Task<Submission> FromSourceAsync(string? source, string? output, JobOptions options, CancellationToken cancellationToken)
    {
        var destination = CheckRequest(options, output);
        options = await CheckCallbackAsync(options, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new SubmissionException(HttpStatusCode.BadRequest, "'source' is required: blob://container/name, s3://bucket/key, or a blob name in the input container.");
        }

        var inputName = source;
        DocumentLocation? location = null;
        if (DocumentLocation.IsLocation(source))
        {
            location = Parse(source, "source");
            if (location.IsPrefix)
            {
                throw new SubmissionException(HttpStatusCode.BadRequest, $"'source' names a prefix, not a document: {location}.");
            }

            if (location.Scheme == LocationScheme.Blob && location.Container == _settings.InputContainer)
            {
                inputName = location.Key;
                location = null;
            }
            else if (!_settings.Locations.AllowsSource(location))
            {
                throw new SubmissionException(HttpStatusCode.Forbidden, $"Reading from {location.Scheme.ToString().ToLowerInvariant()}://{location.Container} is not allowed here (FOLIO_ALLOWED_SOURCES).");
            }
        }

        if (location is null)
        {
            var key = $"{FolioSettings.InputArea}/{inputName}";
            if (!IsValidKey(key))
            {
                throw new SubmissionException(HttpStatusCode.BadRequest, "'source' must name a blob in the input container.");
            }

            var content = await _store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new SubmissionException(HttpStatusCode.NotFound, $"'{inputName}' is not in the input container '{_settings.InputContainer}'.");
            byte[] hash;
            await using (content.ConfigureAwait(false))
            {
                hash = await JobIds.HashAsync(content, cancellationToken).ConfigureAwait(false);
            }

            return new Submission(_settings.CreateJob(hash, key, inputName, options, destination), null);
        }

        Stream? stream;
        try
        {
            stream = await _locations.OpenReadAsync(location, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new SubmissionException(HttpStatusCode.BadRequest, ex.Message);
        }

        if (stream is null)
        {
            throw new SubmissionException(HttpStatusCode.NotFound, $"{location} does not exist.");
        }

        await using (stream.ConfigureAwait(false))
        {
            return await StageAsync(stream, location.FileName, options, destination, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A job for a document sent as the request body.</summary>
    /// <exception cref="SubmissionException">400 or 413, with the reason.</exception>
    public async Task<Submission> FromBodyAsync(Stream body, long? contentLength, string name, string? output, JobOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var destination = CheckRequest(options, output);
        options = await CheckCallbackAsync(options, cancellationToken).ConfigureAwait(false);
        if (contentLength > _settings.Limits.MaxBytes)
        {
            throw new SubmissionException(HttpStatusCode.RequestEntityTooLarge, $"The body is {contentLength} bytes; the limit is {_settings.Limits.MaxBytes} (FOLIO_MAX_UPLOAD_MB).");
        }

        return await StageAsync(body, name, options, destination, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Submission> StageAsync(Stream content, string name, JobOptions options, string? destination, CancellationToken cancellationToken)
    {
        StagedDocument staged;
        try
        {
            staged = await StagedDocument.StageAsync(content, _settings.Limits.MaxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentException ex) when (ex.Kind == DocumentErrorKind.TooLarge)
        {
            throw new SubmissionException(HttpStatusCode.RequestEntityTooLarge, ex.Message);
        }

        if (staged.Length == 0)
        {
            await staged.DisposeAsync().ConfigureAwait(false);
            throw new SubmissionException(HttpStatusCode.BadRequest, "The document is empty (0 bytes).");
        }

        return new Submission(_settings.CreateJob(staged.Sha256, null, name, options, destination), staged);
    }

    private string? CheckRequest(JobOptions options, string? output)
    {
        if (options.Problem() is { } problem)
        {
            throw new SubmissionException(HttpStatusCode.BadRequest, problem);
        }

        if (string.IsNullOrWhiteSpace(output))
        {
            return null;
        }

        var destination = Parse(output, "output").AsPrefix();
        if (!_settings.Locations.AllowsDestination(destination))
        {
            throw new SubmissionException(HttpStatusCode.Forbidden, $"Writing to {destination.Scheme.ToString().ToLowerInvariant()}://{destination.Container} is not allowed here (FOLIO_ALLOWED_DESTINATIONS).");
        }

        return destination.ToString();
    }

    /// <summary>The options with the callback normalised, once its host is allowed and every address it resolves to is (400 otherwise).</summary>
    private async Task<JobOptions> CheckCallbackAsync(JobOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Callback))
        {
            return options with { Callback = null };
        }

        var (url, problem) = await _settings.Notifications.Callbacks.CheckAsync(options.Callback.Trim(), Dns.GetHostAddressesAsync, cancellationToken).ConfigureAwait(false);
        return url is null ? throw new SubmissionException(HttpStatusCode.BadRequest, problem!) : options with { Callback = url.AbsoluteUri };
    }

    private static DocumentLocation Parse(string value, string field)
    {
        try
        {
            return DocumentLocation.Parse(value);
        }
        catch (FormatException ex)
        {
            throw new SubmissionException(HttpStatusCode.BadRequest, $"'{field}': {ex.Message}");
        }
    }

    private static bool IsValidKey(string key)
    {
        try
        {
            WorkKeys.Validate(key);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
