using Folio.Pipeline;

namespace Folio.Cli;

/// <summary>Shows pages done / total as a bar on stderr; plain lines when stderr is not a terminal.</summary>
internal sealed class ProgressLine(bool quiet) : IProgress<JobProgress>
{
    private const int BarWidth = 30;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private string _last = "";

    public void Note(string message)
    {
        if (!quiet)
        {
            Console.Error.WriteLine($"folio: {message}");
        }
    }

    public void Report(JobProgress value)
    {
        if (quiet)
        {
            return;
        }

        var line = Render(value);
        if (line == _last)
        {
            return;
        }

        _last = line;
        if (_interactive)
        {
            Console.Error.Write($"\r{line}\u001b[K");
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }

    public void Done()
    {
        if (!quiet && _interactive && _last.Length > 0)
        {
            Console.Error.WriteLine();
        }
    }

    /// <summary>One progress line, e.g. <c>[#####-----] 3/6 pages, 1 failed (recognizing)</c>.</summary>
    public static string Render(JobProgress value)
    {
        if (value.Total <= 0)
        {
            return $"{value.Stage}…";
        }

        var filled = (int)Math.Round(BarWidth * (double)value.PagesDone / value.Total);
        var failed = value.PagesFailed > 0 ? $", {value.PagesFailed} failed" : "";
        return $"[{new string('#', filled)}{new string('-', BarWidth - filled)}] {value.PagesDone}/{value.Total} pages{failed} ({value.Stage})";
    }
}
