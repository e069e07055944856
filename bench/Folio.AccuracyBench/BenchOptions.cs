using System.Globalization;

namespace Folio.AccuracyBench;

/// <summary>The command line: which sets, conditions and how many pages; where to save what was read.</summary>
internal sealed record BenchOptions(
    IReadOnlyList<string> Sets,
    IReadOnlyList<string> Conditions,
    int PagesPerSet,
    string? SaveDirectory,
    IReadOnlyList<string> Engines,
    string ModelDirectory)
{
    public static readonly string[] AllSets = ["manuals", "docs", "journals"];

    public static readonly string[] AllConditions = ["clean", "degraded"];

    public const string Usage =
        "usage: folio-accuracy-bench [--sets manuals,docs,journals] [--conditions clean,degraded] [--pages N=6] [--save DIR]\n" +
        "environment: FOLIO_MODELS (model folder), FOLIO_BENCH_ENGINES (comma list of engine labels, default folio; see EngineSettings.cs)";

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with the usage on anything unknown.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        IReadOnlyList<string> sets = AllSets;
        IReadOnlyList<string> conditions = AllConditions;
        var pages = 6;
        string? save = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            switch (args[i])
            {
                case "--sets":
                    sets = List(Value(), AllSets, "set");
                    break;
                case "--conditions":
                    conditions = List(Value(), AllConditions, "condition");
                    break;
                case "--pages":
                    pages = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    if (pages < 1)
                    {
                        throw new ArgumentException($"--pages must be at least 1\n{Usage}");
                    }

                    break;
                case "--save":
                    save = Value();
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}\n{Usage}");
            }
        }

        var engines = (Environment.GetEnvironmentVariable("FOLIO_BENCH_ENGINES") is { Length: > 0 } list ? list : "folio")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var models = Environment.GetEnvironmentVariable("FOLIO_MODELS") ?? "models";
        return new BenchOptions(sets, conditions, pages, save, engines, models);
    }

    private static string[] List(string value, string[] known, string what)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var item in items)
        {
            if (!known.Contains(item))
            {
                throw new ArgumentException($"unknown {what} {item} (known: {string.Join(", ", known)})\n{Usage}");
            }
        }

        return items.Length > 0 ? items : throw new ArgumentException($"no {what} given\n{Usage}");
    }
}
