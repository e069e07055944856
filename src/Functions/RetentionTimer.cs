using Folio.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Folio.Functions;

/// <summary>Deletes finished jobs, their files and cached pages once they are older than <see cref="FolioSettings.Retention"/>.</summary>
public sealed class RetentionTimer
{
    private readonly JobHousekeeping _housekeeping;
    private readonly FolioSettings _settings;

    /// <summary>Creates the function (from DI).</summary>
    public RetentionTimer(JobHousekeeping housekeeping, FolioSettings settings)
    {
        _housekeeping = housekeeping;
        _settings = settings;
    }

    /// <summary>Runs on <c>FOLIO_RETENTION_SCHEDULE</c> (NCRONTAB, default daily at 03:30 UTC); does nothing when retention is 0.</summary>
    [Function("RetentionSweep")]
    public async Task RunAsync(
        [TimerTrigger("%FOLIO_RETENTION_SCHEDULE%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (_settings.Retention > TimeSpan.Zero)
        {
            await _housekeeping.SweepAsync(client, _settings.Retention, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        }
    }
}
