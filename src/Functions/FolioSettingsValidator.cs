using Microsoft.Extensions.Options;

namespace Folio.Functions;

/// <summary>
/// The ranges of the Functions app's settings, each failure naming its app setting. <see cref="FolioSettings.From"/>
/// applies it, so the app stops at start: <c>Program.cs</c> reads the settings (immutable, and needed to register the
/// stores and clients) before the host is built, earlier than <c>ValidateOnStart</c> would run.
/// </summary>
public sealed class FolioSettingsValidator : IValidateOptions<FolioSettings>
{
    /// <summary>Highest render resolution a job may ask for (the API's own limit on <c>dpi</c>).</summary>
    public const int MaxDpi = 600;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FolioSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Check(bool ok, string failure)
        {
            if (!ok)
            {
                failures.Add(failure);
            }
        }

        Check(options.Dpi is >= 36 and <= MaxDpi, $"FOLIO_DPI must be between 36 and {MaxDpi}, not {options.Dpi}.");
        Check(options.MaxPagesInFlight >= 1, $"FOLIO_MAX_PAGES_IN_FLIGHT must be 1 or more, not {options.MaxPagesInFlight}.");
        Check(options.PagesPerBatch >= 1, $"FOLIO_PAGES_PER_BATCH must be 1 or more, not {options.PagesPerBatch}.");
        Check(options.Retry.MaxAttempts >= 1, $"FOLIO_PAGE_ATTEMPTS must be 1 or more, not {options.Retry.MaxAttempts}.");
        Check(options.Retry.FirstDelay >= TimeSpan.Zero, $"FOLIO_PAGE_RETRY_SECONDS must be 0 or more, not {options.Retry.FirstDelay.TotalSeconds}.");
        Check(options.Inference.AttemptTimeout > TimeSpan.Zero, $"FOLIO_INFERENCE_ATTEMPT_TIMEOUT_SECONDS must be 1 or more, not {options.Inference.AttemptTimeout.TotalSeconds}.");
        Check(options.Inference.TotalTimeout > TimeSpan.Zero, $"FOLIO_INFERENCE_TOTAL_TIMEOUT_SECONDS must be 1 or more, not {options.Inference.TotalTimeout.TotalSeconds}.");
        Check(options.Inference.MaxRetries >= 0, $"FOLIO_INFERENCE_RETRIES must be 0 or more, not {options.Inference.MaxRetries}.");
        Check(options.Limits.MaxBytes > 0, $"FOLIO_MAX_UPLOAD_MB must be 1 or more, not {options.Limits.MaxBytes / (1024 * 1024)}.");
        Check(options.Limits.MaxPages >= 1, $"FOLIO_MAX_PAGES must be 1 or more, not {options.Limits.MaxPages}.");
        Check(options.Retention >= TimeSpan.Zero, $"FOLIO_RETENTION_DAYS must be 0 (keep everything) or more, not {options.Retention.TotalDays}.");
        Check(options.DeleteWait >= TimeSpan.Zero, $"FOLIO_DELETE_WAIT_SECONDS must be 0 or more, not {options.DeleteWait.TotalSeconds}.");
        foreach (var (setting, container) in new[] { ("FOLIO_INPUT_CONTAINER", options.InputContainer), ("FOLIO_WORK_CONTAINER", options.WorkContainer), ("FOLIO_OUTPUT_CONTAINER", options.OutputContainer) })
        {
            Check(IsContainerName(container), $"{setting} must be a container name (3 to 63 lowercase letters, digits and single hyphens, starting with a letter or digit), not '{container}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Azure's rule for container names.
    private static bool IsContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && char.IsAsciiLetterOrDigit(name[0])
        && name[^1] != '-'
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !name.Contains("--", StringComparison.Ordinal);
}
