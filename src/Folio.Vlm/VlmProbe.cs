namespace Folio.Vlm;

/// <summary>The outcome of a readiness probe of the VLM server.</summary>
/// <param name="Ready">The server answers and lists the configured model.</param>
/// <param name="Reason"><c>ready</c>, or why not.</param>
/// <param name="Backend">The server's own name for itself (<c>owned_by</c>: <c>vllm</c>, <c>sglang</c>), when it said.</param>
/// <param name="CheckedAt">When the probe ran.</param>
public sealed record VlmStatus(bool Ready, string Reason, string? Backend, DateTimeOffset CheckedAt);

/// <summary>
/// Asks the server for <c>/v1/models</c> and checks that the configured model is served. The result is reused for
/// <see cref="VlmOptions.ProbeCacheDuration"/>, and concurrent callers share one probe, so <c>/readyz</c> stays cheap.
/// </summary>
public sealed class VlmProbe(VlmOptions options, OpenAiChatClient client, TimeProvider? clock = null) : IDisposable
{
    private static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly SemaphoreSlim _probing = new(1, 1);
    private volatile VlmStatus? _last;

    /// <summary>The latest result, without probing.</summary>
    public VlmStatus? Last => _last;

    /// <summary>The cached result while fresh, else a new probe.</summary>
    public async Task<VlmStatus> CheckAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_last) is { } cached)
        {
            return cached;
        }

        await _probing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Fresh(_last) ?? (_last = await ProbeAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _probing.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _probing.Dispose();

    private VlmStatus? Fresh(VlmStatus? status) =>
        status is not null && _clock.GetUtcNow() - status.CheckedAt < options.ProbeCacheDuration ? status : null;

    private async Task<VlmStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        var timeout = options.RequestTimeout < MaxProbeTimeout ? options.RequestTimeout : MaxProbeTimeout;
        try
        {
            var models = await client.ListModelsAsync(timeout, cancellationToken).ConfigureAwait(false);
            if (models.Ids.Contains(options.Model, StringComparer.Ordinal))
            {
                return new VlmStatus(true, "ready", models.OwnedBy, _clock.GetUtcNow());
            }

            var served = models.Ids.Count == 0 ? "none" : string.Join(", ", models.Ids);
            return new VlmStatus(false, $"VLM server {client.BaseAddress} does not serve model '{options.Model}' (it serves: {served})", models.OwnedBy, _clock.GetUtcNow());
        }
        catch (VlmCallException ex)
        {
            return new VlmStatus(false, $"VLM server {client.BaseAddress} is not usable ({ex.Reason}): {ex.Message}", null, _clock.GetUtcNow());
        }
    }
}
