using System.Globalization;

namespace Folio.Pipeline;

/// <summary>
/// Keys of the objects a job keeps in its <see cref="IWorkStore"/>. Keys are relative, '/'-separated
/// paths without empty, <c>.</c> or <c>..</c> segments; the first segment is the area (<c>work</c>, <c>output</c>, an input container, …).
/// </summary>
public static class WorkKeys
{
    /// <summary>The job's copy of the uploaded document.</summary>
    public static string Source(string jobId) => $"work/{jobId}/source";

    /// <summary>One stored page (1-based): a single-page PDF or an image.</summary>
    public static string Page(string jobId, int page) => string.Create(CultureInfo.InvariantCulture, $"work/{jobId}/pages/{page}");

    /// <summary>One page's <c>PageResult</c> JSON.</summary>
    public static string Result(string jobId, int page) => string.Create(CultureInfo.InvariantCulture, $"work/{jobId}/results/{page}.json");

    /// <summary>A cached page result, by the hash of the page and what decides its result (see <see cref="RecognizePageActivity"/>).</summary>
    public static string CachedPage(string hash) => $"cache/pages/{hash}.json";

    /// <summary>Marks that the job wrote or reused the cached page <paramref name="hash"/> (listed when the job is deleted).</summary>
    public static string CacheUse(string jobId, string hash) => $"work/{jobId}/cache-uses/{hash}";

    /// <summary>Marks that <paramref name="jobId"/> uses the cached page <paramref name="hash"/>: the page stays while any job does.</summary>
    public static string CacheUser(string hash, string jobId) => $"cache/users/{hash}/{jobId}";

    /// <summary>Prefix of the jobs' marks on the cached page <paramref name="hash"/>.</summary>
    public static string CacheUsers(string hash) => $"cache/users/{hash}/";

    /// <summary>
    /// The claim on starting the job's run number <paramref name="generation"/> (what the starter saw: "0" for a new
    /// job, the finished instance's last update for a re-run): of two starts at once, the one that creates it runs.
    /// </summary>
    public static string StartClaim(string jobId, string generation) => $"work/{jobId}/starts/{generation}";

    /// <summary>
    /// Marks that the completion event <paramref name="eventId"/> reached <paramref name="channel"/> (<c>callback</c>,
    /// <c>eventGrid</c>): a retried or re-run notification step does not deliver it there again.
    /// </summary>
    public static string Delivered(string jobId, string eventId, string channel) => $"work/{jobId}/notifications/{eventId}/{channel}";

    /// <summary>Prefix of the job's outputs (the Markdown and the JSON).</summary>
    public static string Outputs(string jobId) => $"output/{jobId}/";

    /// <summary>The full manifest written by <see cref="PrepareDocumentActivity"/>.</summary>
    public static string Manifest(string jobId) => $"work/{jobId}/manifest.json";

    /// <summary>Throws when <paramref name="key"/> is not a valid store key; returns it otherwise.</summary>
    /// <exception cref="ArgumentException">Empty, rooted, backslashes, or an empty, <c>.</c> or <c>..</c> segment.</exception>
    public static string Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Contains('\\', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is not a valid store key.", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw new ArgumentException($"'{key}' is not a valid store key: empty, '.' or '..' segment.", nameof(key));
            }
        }

        return key;
    }
}
