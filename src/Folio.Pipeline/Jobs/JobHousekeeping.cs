using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Folio.Pipeline;

/// <summary>What a retention sweep removed.</summary>
/// <param name="Jobs">Finished jobs whose history was purged.</param>
/// <param name="Objects">Store objects deleted (work files, outputs, cached pages).</param>
public sealed record RetentionReport(int Jobs, int Objects);

/// <summary>
/// Deletes jobs: on request (cancel, then remove work files, outputs, the cached pages no other job uses, and
/// history) and by age (retention).
/// Only what Folio wrote is deleted: the store's <c>work/</c>, <c>output/</c> and <c>cache/</c> areas and the
/// orchestration history; uploads and copies written to a caller's destination are the caller's.
/// </summary>
public sealed partial class JobHousekeeping
{
    private static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    private readonly IWorkStore _store;
    private readonly ILogger<JobHousekeeping> _logger;

    /// <summary>Creates the housekeeper over a store.</summary>
    public JobHousekeeping(IWorkStore store, ILogger<JobHousekeeping> logger)
    {
        _store = store;
        _logger = logger;
    }

    /// <summary>
    /// Cancels the job when it is still running (its sub-orchestrations too), waits up to
    /// <paramref name="waitForStop"/> for it to stop, then deletes its files and its history.
    /// </summary>
    /// <returns>False when there is no such job.</returns>
    /// <exception cref="TimeoutException">The job did not stop in time; nothing was deleted.</exception>
    public async Task<bool> DeleteJobAsync(DurableTaskClient client, string jobId, TimeSpan waitForStop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return false;
        }

        if (!Finished.Contains(instance.RuntimeStatus))
        {
            await client.TerminateInstanceAsync(jobId, new TerminateInstanceOptions(Output: "Canceled by a delete request.", Recursive: true), cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(waitForStop);
            try
            {
                await client.WaitForInstanceCompletionAsync(jobId, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Job {jobId} did not stop within {waitForStop.TotalSeconds:0} s; nothing was deleted. Try again.");
            }

            LogCanceled(_logger, jobId);
        }

        // Activities already running when the job was canceled finish anyway and may write a page result
        // after this; retention removes such leftovers.
        var cacheUses = new List<string>();
        await foreach (var key in _store.ListAsync($"work/{jobId}/cache-uses/", cancellationToken).ConfigureAwait(false))
        {
            cacheUses.Add(key[(key.LastIndexOf('/') + 1)..]);
        }

        var objects = await DeleteFilesAsync(jobId, cancellationToken).ConfigureAwait(false);
        objects += await DeleteCachedPagesAsync(jobId, cacheUses, cancellationToken).ConfigureAwait(false);
        await PurgeAsync(client, jobId, cancellationToken).ConfigureAwait(false);
        LogDeleted(_logger, jobId, objects);
        return true;
    }

    /// <summary>
    /// Purges finished jobs created before <paramref name="now"/> − <paramref name="retention"/> with their files,
    /// and deletes store objects last written before then that belong to no running job (cached pages included).
    /// </summary>
    public async Task<RetentionReport> SweepAsync(DurableTaskClient client, TimeSpan retention, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cutoff = now - retention;
        var jobs = 0;
        var objects = 0;
        var query = new OrchestrationQuery { CreatedTo = cutoff, Statuses = Finished, FetchInputsAndOutputs = false };
        var expired = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!instance.InstanceId.Contains(":batch:", StringComparison.Ordinal))
            {
                expired.Add(instance.InstanceId);
            }
        }

        foreach (var jobId in expired)
        {
            objects += await DeleteFilesAsync(jobId, cancellationToken).ConfigureAwait(false);
            await PurgeAsync(client, jobId, cancellationToken).ConfigureAwait(false);
            jobs++;
        }

        // Leftovers: files of jobs purged elsewhere, of deleted jobs' late activities, and old cached pages.
        var running = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var area in new[] { "work/", "output/", "cache/" })
        {
            var old = new List<string>();
            await foreach (var item in _store.ListItemsAsync(area, cancellationToken).ConfigureAwait(false))
            {
                if (item.LastModified < cutoff)
                {
                    old.Add(item.Key);
                }
            }

            foreach (var key in old)
            {
                var jobId = area == "cache/" ? null : JobOf(key);
                if (jobId is not null && await IsRunningAsync(client, jobId, running, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                objects += await _store.DeleteAsync(key, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }

        LogSwept(_logger, jobs, objects, cutoff);
        return new RetentionReport(jobs, objects);
    }

    /// <summary>The job id in <c>work/{jobId}/…</c> or <c>output/{jobId}/…</c>; null for other keys.</summary>
    internal static string? JobOf(string key)
    {
        var parts = key.Split('/');
        return parts.Length >= 3 ? parts[1] : null;
    }

    private async Task<int> DeleteFilesAsync(string jobId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var prefix in new[] { $"work/{jobId}/", $"output/{jobId}/" })
        {
            var keys = new List<string>();
            await foreach (var key in _store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            foreach (var key in keys)
            {
                deleted += await _store.DeleteAsync(key, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }

        return deleted;
    }

    // The job's mark on each cached page it used goes; a cached page no other job marks goes with it, so that a
    // deleted document's text is not served to a later submission.
    private async Task<int> DeleteCachedPagesAsync(string jobId, IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var hash in hashes)
        {
            deleted += await _store.DeleteAsync(WorkKeys.CacheUser(hash, jobId), cancellationToken).ConfigureAwait(false) ? 1 : 0;
            var users = _store.ListAsync(WorkKeys.CacheUsers(hash), cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool othersUseIt;
            await using (users.ConfigureAwait(false))
            {
                othersUseIt = await users.MoveNextAsync().ConfigureAwait(false);
            }

            if (!othersUseIt)
            {
                deleted += await _store.DeleteAsync(WorkKeys.CachedPage(hash), cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }

        return deleted;
    }

    // Purging is not recursive in this SDK: the batches' sub-orchestrations are purged by their ids.
    private static async Task PurgeAsync(DurableTaskClient client, string jobId, CancellationToken cancellationToken)
    {
        var batches = new List<string>();
        await foreach (var batch in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = jobId + ":batch:" }).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batches.Add(batch.InstanceId);
        }

        foreach (var id in batches.Append(jobId))
        {
            await client.PurgeInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> IsRunningAsync(DurableTaskClient client, string jobId, Dictionary<string, bool> known, CancellationToken cancellationToken)
    {
        if (!known.TryGetValue(jobId, out var running))
        {
            var instance = await client.GetInstanceAsync(jobId, cancellationToken).ConfigureAwait(false);
            running = instance is not null && !Finished.Contains(instance.RuntimeStatus);
            known[jobId] = running;
        }

        return running;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Job {JobId} canceled")]
    private static partial void LogCanceled(ILogger logger, string jobId);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Job {JobId} deleted: {Objects} stored objects and its history")]
    private static partial void LogDeleted(ILogger logger, string jobId, int objects);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "Retention: {Jobs} jobs purged, {Objects} stored objects deleted (older than {Cutoff:u})")]
    private static partial void LogSwept(ILogger logger, int jobs, int objects, DateTimeOffset cutoff);
}
