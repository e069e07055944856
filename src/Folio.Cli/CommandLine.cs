using System.Globalization;
using Folio.Local;
using Folio.Ocr;
using Folio.Pipeline;

namespace Folio.Cli;

/// <summary>Parsed arguments of <c>folio ocr</c>.</summary>
internal sealed record OcrCommand
{
    public required string Input { get; init; }

    public string OutDir { get; init; } = "out";

    public PageRanges? Pages { get; init; }

    public int Dpi { get; init; } = 150;

    public DurableBackendKind Hub { get; init; } = DurableBackendKind.InMemory;

    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    public int Threads { get; init; }

    public int Parallel { get; init; }

    public string? WorkDirectory { get; init; }

    public string ModelDirectory { get; init; } = Environment.GetEnvironmentVariable("FOLIO_MODELS") ?? "models";

    public bool Quiet { get; init; }

    public bool ForceOcr { get; init; }

    /// <summary>Read invisible text over a scanned page (an earlier OCR) instead of OCR'ing the scan.</summary>
    public bool AcceptOcrTextLayer { get; init; }

    /// <summary>Also write one overlay picture per page (<c>NAME.page-001.overlay.png</c>).</summary>
    public bool Overlay { get; init; }

    /// <summary>Print where the time went (per pipeline step and engine stage) when the run ends.</summary>
    public bool Trace { get; init; }

    /// <summary>The source object when <see cref="Input"/> is an <c>s3://bucket/key</c> or <c>blob://container/name</c> URI; null for a local file.</summary>
    public DocumentLocation? RemoteSource { get; init; }

    /// <summary>The output prefix when <see cref="OutDir"/> is an <c>s3://bucket/prefix/</c> or <c>blob://container/prefix/</c> URI; null for a local folder.</summary>
    public DocumentLocation? RemoteOutput { get; init; }
}

/// <summary>Thrown for a usage error: the message is shown with the usage text and the exit code is 64.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Hand-written parser: few options, exact exit codes, no dependency.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: folio ocr FILE [options]

        Reads a PDF or image (PNG, JPEG, TIFF, BMP, WebP, GIF) and writes DIR/NAME.md and DIR/NAME.json.
        FILE may be s3://bucket/key or blob://container/name, and DIR s3://bucket/prefix/ or
        blob://container/prefix/. S3: credentials and region from the standard AWS chain; FOLIO_S3_ENDPOINT and
        FOLIO_S3_FORCE_PATH_STYLE=true for S3-compatible servers. Blob: FOLIO_STORAGE (a connection string;
        UseDevelopmentStorage=true for Azurite) or FOLIO_BLOB_ENDPOINT with az login / a managed identity.

        options:
          --out DIR          output folder, s3://bucket/prefix/ or blob://container/prefix/ (default: out)
          --pages LIST       pages to read, e.g. 1-3,7 (default: all)
          --dpi N            PDF rendering resolution, 36 to 600 (default: 150)
          --hub KIND         durable backend: memory (default) or azurite (DurableTask.AzureStorage on
                             UseDevelopmentStorage=true, or AzureWebJobsStorage when set)
          --device KIND      auto (default), cpu or cuda
          --threads N        threads per model run (default: 1 on CPU, where pages run side by side)
          --parallel N       pages read at once (default: cores / threads on CPU, 8 on CUDA)
          --work DIR         keep the work store here; a re-run reuses finished pages
          --models DIR       model folder (default: models, or FOLIO_MODELS)
          --force-ocr        OCR every page, even PDF pages whose text layer would do
          --accept-ocr-text-layer
                             read the invisible text an earlier OCR left over a scanned PDF page
                             instead of OCR'ing the scan again
          --overlay          also write DIR/NAME.page-001.overlay.png…: each page with its blocks, lines,
                             reading order and low-confidence lines drawn on it
          --trace            print where the time went (pipeline steps, engine stages) to stderr
          --quiet            no progress on stderr

        exit codes: 0 succeeded, 2 some pages failed, 1 the document failed, 64 usage error
        """;

    public static OcrCommand Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            throw new UsageException("no command given");
        }

        if (args[0] != "ocr")
        {
            throw new UsageException($"unknown command '{args[0]}'");
        }

        string? input = null;
        var command = new OcrCommand { Input = "" };
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{arg} needs a value");
            command = arg switch
            {
                "--out" or "-o" => command with { OutDir = Value() },
                "--pages" => command with { Pages = ParsePages(Value()) },
                "--dpi" => command with { Dpi = Number(arg, Value(), 36, 600) },
                "--hub" => command with { Hub = Value() switch { "memory" => DurableBackendKind.InMemory, "azurite" or "azure-storage" => DurableBackendKind.AzureStorage, var v => throw new UsageException($"--hub takes memory or azurite, not '{v}'") } },
                "--device" => command with { Device = Value() switch { "auto" => DeviceChoice.Auto, "cpu" => DeviceChoice.Cpu, "cuda" => DeviceChoice.Cuda, var v => throw new UsageException($"--device takes auto, cpu or cuda, not '{v}'") } },
                "--threads" => command with { Threads = Number(arg, Value(), 1, 256) },
                "--parallel" => command with { Parallel = Number(arg, Value(), 1, 256) },
                "--work" => command with { WorkDirectory = Value() },
                "--models" => command with { ModelDirectory = Value() },
                "--quiet" or "-q" => command with { Quiet = true },
                "--force-ocr" => command with { ForceOcr = true },
                "--accept-ocr-text-layer" => command with { AcceptOcrTextLayer = true },
                "--overlay" => command with { Overlay = true },
                "--trace" => command with { Trace = true },
                _ when arg.StartsWith('-') => throw new UsageException($"unknown option '{arg}'"),
                _ when input is null => command with { Input = input = arg },
                _ => throw new UsageException($"one input file at a time; got '{input}' and '{arg}'"),
            };
        }

        if (input is null)
        {
            throw new UsageException("no input file given");
        }

        return command with
        {
            RemoteSource = DocumentLocation.IsLocation(command.Input) ? ParseLocation(command.Input, prefix: false) : null,
            RemoteOutput = DocumentLocation.IsLocation(command.OutDir) ? ParseLocation(command.OutDir, prefix: true) : null,
        };
    }

    private static DocumentLocation ParseLocation(string value, bool prefix)
    {
        try
        {
            var location = DocumentLocation.Parse(value);
            if (!prefix && location.IsPrefix)
            {
                throw new FormatException($"'{value}' names no object, only a prefix: write {value.TrimEnd('/')}/NAME.");
            }

            return prefix ? location.AsPrefix() : location;
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static int Number(string option, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"{option} takes a whole number from {min} to {max}, not '{value}'");

    private static PageRanges ParsePages(string value) =>
        PageRanges.TryParse(value, out var pages) ? pages : throw new UsageException($"--pages takes pages and ranges such as 1-3,7 or 10-, not '{value}'");
}
