using Folio.Ocr;
using Folio.Vlm;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// Binds the service's settings (<c>Ocr</c>, <c>Inference</c>, <c>Inference:Vlm</c>) and checks them when the host
/// starts (<c>ValidateOnStart</c>): a value that is not a number fails binding, one out of range fails validation, and
/// either stops the service with a message naming the setting, rather than the service running on something else.
/// <see cref="InferenceOptions"/> carries its ranges as DataAnnotations; the engines' options, defined in their own
/// libraries, are checked here.
/// </summary>
internal static class ServiceOptions
{
    public static IServiceCollection AddServiceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InferenceOptions>()
            .Bind(configuration.GetSection(InferenceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();
        services.AddOptions<OcrEngineOptions>()
            .Bind(configuration.GetSection(OcrEngineOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OcrEngineOptions>, OcrEngineOptionsValidator>();
        services.AddOptions<VlmOptions>()
            .Bind(configuration.GetSection(VlmOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<VlmOptions>, VlmOptionsValidator>();
        return services;
    }

    /// <summary>The failures, as one result.</summary>
    internal static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}

/// <summary>What the ranges of <see cref="InferenceOptions"/> cannot say: settings that depend on each other.</summary>
internal sealed class InferenceOptionsValidator(IOptions<VlmOptions> vlm) : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultDpi > options.MaxDpi)
        {
            failures.Add($"Inference:DefaultDpi ({options.DefaultDpi}) must not exceed Inference:MaxDpi ({options.MaxDpi}).");
        }

        var engine = options.DefaultEngine?.Trim().ToLowerInvariant();
        if (engine is not (OcrEngine.Name or VlmEngine.Name))
        {
            failures.Add($"Inference:DefaultEngine must be '{OcrEngine.Name}' or '{VlmEngine.Name}', not '{options.DefaultEngine}'.");
        }
        else if (engine == VlmEngine.Name && !vlm.Value.IsConfigured)
        {
            failures.Add("Inference:DefaultEngine is vlm but Inference:Vlm:ServerUrl is not set.");
        }

        return ServiceOptions.Result(failures);
    }
}

/// <summary>The OCR engine's settings (section <c>Ocr</c>).</summary>
internal sealed class OcrEngineOptionsValidator : IValidateOptions<OcrEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, OcrEngineOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ModelDirectory))
        {
            failures.Add("Ocr:ModelDirectory must name the folder of the models.");
        }

        if (!Enum.IsDefined(options.Device))
        {
            failures.Add($"Ocr:Device must be one of {string.Join(", ", Enum.GetNames<DeviceChoice>())}.");
        }

        void AtLeastZero(string setting, int value)
        {
            if (value < 0)
            {
                failures.Add($"Ocr:{setting} must be 0 or more, not {value}.");
            }
        }

        AtLeastZero(nameof(options.CudaDeviceId), options.CudaDeviceId);
        AtLeastZero(nameof(options.IntraOpThreads), options.IntraOpThreads);
        AtLeastZero(nameof(options.RecognitionBatchSize), options.RecognitionBatchSize);
        AtLeastZero(nameof(options.RecognitionStreams), options.RecognitionStreams);
        if (!(options.RecognitionWidthScale > 0 && options.RecognitionWidthScale <= 2))
        {
            failures.Add($"Ocr:RecognitionWidthScale must be more than 0 and at most 2, not {options.RecognitionWidthScale}.");
        }

        if (!(options.StretchAboveNoiseSigma is >= 0 and <= 255))
        {
            failures.Add($"Ocr:StretchAboveNoiseSigma must be between 0 and 255 grey levels, not {options.StretchAboveNoiseSigma}.");
        }

        return ServiceOptions.Result(failures);
    }
}

/// <summary>The vlm engine's settings (section <c>Inference:Vlm</c>); with no server set, only their ranges.</summary>
internal sealed class VlmOptionsValidator : IValidateOptions<VlmOptions>
{
    public ValidateOptionsResult Validate(string? name, VlmOptions options)
    {
        var failures = new List<string>();
        if (options.IsConfigured
            && !(Uri.TryCreate(options.ServerUrl!.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            failures.Add($"Inference:Vlm:ServerUrl must be an absolute http or https URL, not '{options.ServerUrl}'.");
        }

        if (options.IsConfigured && string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add("Inference:Vlm:Model must name the model the server serves.");
        }

        if (options.MaxConcurrentRequests < 1)
        {
            failures.Add($"Inference:Vlm:MaxConcurrentRequests must be 1 or more, not {options.MaxConcurrentRequests}.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Inference:Vlm:RequestTimeout must be longer than zero, not {options.RequestTimeout}.");
        }

        if (options.MaxTokens < 1)
        {
            failures.Add($"Inference:Vlm:MaxTokens must be 1 or more, not {options.MaxTokens}.");
        }

        if (options.CropMargin < 0)
        {
            failures.Add($"Inference:Vlm:CropMargin must be 0 or more, not {options.CropMargin}.");
        }

        if (options.ProbeCacheDuration < TimeSpan.Zero)
        {
            failures.Add($"Inference:Vlm:ProbeCacheDuration must not be negative, not {options.ProbeCacheDuration}.");
        }

        return ServiceOptions.Result(failures);
    }
}
