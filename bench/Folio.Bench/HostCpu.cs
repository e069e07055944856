using System.Globalization;
using System.Text.RegularExpressions;

namespace Folio.Bench;

/// <summary>
/// Where a process's processor time goes between two readings of /proc: the machine's busy cores over the interval,
/// and the process's own cores by thread name (digits dropped, so the pool's workers count as one group). Linux only;
/// elsewhere, or without a process, nothing is reported.
/// </summary>
internal sealed partial class HostCpu
{
    private readonly int? _pid;
    private readonly (long Busy, long Total) _machine;
    private readonly Dictionary<int, (string Name, long Ticks)> _threads;
    private readonly DateTime _start = DateTime.UtcNow;

    private HostCpu(int? pid)
    {
        _pid = pid;
        _machine = MachineTicks();
        _threads = pid is { } p ? ThreadTicks(p) : [];
    }

    /// <summary>Starts an interval, for the process named by FOLIO_SERVICE_PID when set; null off Linux.</summary>
    public static HostCpu? TryStart() =>
        File.Exists("/proc/stat")
            ? new HostCpu(int.TryParse(Environment.GetEnvironmentVariable("FOLIO_SERVICE_PID"), CultureInfo.InvariantCulture, out var pid) ? pid : null)
            : null;

    /// <summary>Busy cores of the machine, and of the process by thread group (the largest groups first).</summary>
    public string Summary()
    {
        var seconds = (DateTime.UtcNow - _start).TotalSeconds;
        var (busy, total) = MachineTicks();
        var cores = Environment.ProcessorCount * (double)(busy - _machine.Busy) / Math.Max(1, total - _machine.Total);
        var text = $"host {cores:F1} of {Environment.ProcessorCount} cores busy";
        if (_pid is not { } pid)
        {
            return text;
        }

        var perSecond = 100.0; // USER_HZ
        var groups = ThreadTicks(pid)
            .Select(t => (t.Value.Name, Ticks: t.Value.Ticks - (_threads.TryGetValue(t.Key, out var before) ? before.Ticks : 0)))
            .GroupBy(t => Digits().Replace(t.Name, "#"))
            .Select(g => (Name: g.Key, Cores: g.Sum(t => t.Ticks) / perSecond / seconds, Threads: g.Count()))
            .OrderByDescending(g => g.Cores)
            .ToList();
        return text + $"; service {groups.Sum(g => g.Cores):F1} cores: "
            + string.Join(", ", groups.Take(6).Select(g => $"{g.Name} ×{g.Threads} {g.Cores:F2}"));
    }

    private static (long Busy, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(long.Parse).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        var total = fields.Sum();
        return (total - idle, total);
    }

    // utime + stime of every thread (fields 14 and 15 of /proc/PID/task/TID/stat, after the parenthesised name).
    private static Dictionary<int, (string Name, long Ticks)> ThreadTicks(int pid)
    {
        var threads = new Dictionary<int, (string, long)>();
        var folder = $"/proc/{pid}/task";
        if (!Directory.Exists(folder))
        {
            return threads;
        }

        foreach (var task in Directory.EnumerateDirectories(folder))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var rest = stat[(close + 2)..].Split(' ');
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (stat[(open + 1)..close], long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return threads;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
