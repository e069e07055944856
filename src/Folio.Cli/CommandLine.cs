using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Folio.Local;
using Folio.Ocr;
using Folio.Pipeline;

namespace Folio.Cli;

/// <summary>The <c>folio</c> command line (System.CommandLine): the <c>ocr</c> command, its options and their checks.</summary>
internal sealed class CommandLine
{
    /// <summary>The one-line synopsis shown after a usage error.</summary>
    public const string Synopsis = "usage: folio ocr FILE... | DIR | GLOB [options]   (folio ocr --help for more)";

    private const string OcrDescription = """
        Reads PDFs and images (PNG, JPEG, TIFF, BMP, WebP, GIF) and writes OUT/NAME.md and OUT/NAME.json for each
        (NAME: the file name without extension; --format picks others), listing them on stdout. A DIR stands for every file in it (not in
        its subfolders) ending in .pdf .png .jpg .jpeg .tif .tiff .bmp .webp or .gif, in name order; a quoted GLOB
        ('scans/*.pdf', 'scans/**/*.tif': * within a name, ** across folders) for the documents it matches.
        A single input may instead be s3://bucket/key or blob://container/name, and OUT s3://bucket/prefix/ or
        blob://container/prefix/. S3: credentials and region from the standard AWS chain; FOLIO_S3_ENDPOINT and
        FOLIO_S3_FORCE_PATH_STYLE=true for S3-compatible servers. Blob: FOLIO_STORAGE (a connection string;
        UseDevelopmentStorage=true for Azurite) or FOLIO_BLOB_ENDPOINT with az login / a managed identity.
        """;

    private readonly Argument<string[]> _inputs = new("FILE") { Arity = ArgumentArity.OneOrMore, Description = "documents, folders of documents, or quoted patterns" };
    private readonly Option<string> _out = new("--out", "-o") { HelpName = "DIR", Description = "output folder, s3://bucket/prefix/ or blob://container/prefix/", DefaultValueFactory = _ => "out" };
    private readonly Option<PageRanges?> _pages = new("--pages") { HelpName = "LIST", Description = "pages to read, e.g. 1-3,7 or 10- (default: all)", CustomParser = ParsePages };
    private readonly Option<IReadOnlyList<string>?> _format = new("--format") { HelpName = "LIST", Description = "what to write, comma-separated: md, json, txt (plain text), html, pdf (searchable PDF) (default: md,json)", CustomParser = ParseFormats };
    private readonly Option<int> _dpi = new("--dpi") { HelpName = "N", Description = "PDF rendering resolution, 36 to 600", DefaultValueFactory = _ => 150, CustomParser = r => Number(r, 36, 600) };
    private readonly Option<DurableBackendKind> _hub = new("--hub") { HelpName = "memory|azurite", Description = "durable backend: memory (default) or azurite (DurableTask.AzureStorage on UseDevelopmentStorage=true, or AzureWebJobsStorage when set)", CustomParser = ParseHub };
    private readonly Option<DeviceChoice> _device = new("--device") { HelpName = "auto|cpu|cuda", Description = "where the models run (default: auto)", CustomParser = ParseDevice };
    private readonly Option<int> _threads = new("--threads") { HelpName = "N", Description = "threads per model run, 1 to 256 (default: 1 on CPU, where pages run side by side)", CustomParser = r => Number(r, 1, 256) };
    private readonly Option<int> _parallel = new("--parallel") { HelpName = "N", Description = "pages read at once, 1 to 256 (default: cores / threads on CPU, 8 on CUDA)", CustomParser = r => Number(r, 1, 256) };
    private readonly Option<string?> _work = new("--work") { HelpName = "DIR", Description = "keep the work store here; a re-run reuses finished pages" };
    private readonly Option<string> _models = new("--models") { HelpName = "DIR", Description = "model folder (FOLIO_MODELS when set)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FOLIO_MODELS") ?? "models" };
    private readonly Option<bool> _forceOcr = new("--force-ocr") { Description = "OCR every page, even PDF pages whose text layer would do" };
    private readonly Option<bool> _acceptOcrTextLayer = new("--accept-ocr-text-layer") { Description = "read the invisible text an earlier OCR left over a scanned PDF page instead of OCR'ing the scan again" };
    private readonly Option<bool> _overlay = new("--overlay") { Description = "also write OUT/NAME.page-001.overlay.png…: each page with its blocks, lines, reading order and low-confidence lines drawn on it (drawn from the JSON, which is then written too)" };
    private readonly Option<bool> _trace = new("--trace") { Description = "print where the time went (pipeline steps, engine stages) to stderr" };
    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "only errors on stderr: no progress, no summaries" };
    private readonly Option<bool> _verbose = new("--verbose") { Description = "also the logs of the pipeline and the durable backend on stderr" };

    private CommandLine()
    {
        Ocr = new Command("ocr", OcrDescription) { _inputs, _out, _format, _pages, _dpi, _hub, _device, _threads, _parallel, _work, _models, _forceOcr, _acceptOcrTextLayer, _overlay, _trace, _quiet, _verbose };
        _inputs.Validators.Add(ValidateInputs);
        _out.Validators.Add(r => Location(r, r.GetValueOrDefault<string>(), prefix: true));
        Ocr.Validators.Add(r =>
        {
            if (r.GetValue(_quiet) && r.GetValue(_verbose))
            {
                r.AddError("--quiet and --verbose cannot be used together");
            }
        });

        Root = new RootCommand("folio: OCR documents to Markdown and JSON through the durable orchestrator, in this process.") { Ocr };
        foreach (var help in Root.Options.OfType<HelpOption>())
        {
            if (help.Action is SynchronousCommandLineAction action)
            {
                help.Action = new HelpWithExitCodes(action);
            }
        }
    }

    /// <summary>The whole command line: <c>folio ocr …</c>, <c>--help</c> and <c>--version</c>.</summary>
    public RootCommand Root { get; }

    /// <summary>The <c>ocr</c> command.</summary>
    public Command Ocr { get; }

    /// <summary>The command line with <paramref name="run"/> as the action of <c>folio ocr</c>.</summary>
    public static RootCommand Create(Func<OcrCommand, CancellationToken, Task<int>> run)
    {
        var line = new CommandLine();
        line.Ocr.SetAction((result, cancellationToken) => run(line.Read(result), cancellationToken));
        return line.Root;
    }

    /// <summary>Parses <c>folio ocr …</c> without running it.</summary>
    /// <exception cref="UsageException">The arguments are not a valid <c>folio ocr</c> command.</exception>
    public static OcrCommand Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        var result = line.Root.Parse(args);
        if (result.Errors.Count > 0)
        {
            throw new UsageException(string.Join("; ", result.Errors.Select(e => e.Message)));
        }

        return result.CommandResult.Command == line.Ocr ? line.Read(result) : throw new UsageException("no command given");
    }

    private OcrCommand Read(ParseResult result)
    {
        var inputs = result.GetRequiredValue(_inputs);
        var outDir = result.GetRequiredValue(_out);
        return new OcrCommand
        {
            Inputs = inputs,
            OutDir = outDir,
            Pages = result.GetValue(_pages),
            Dpi = result.GetValue(_dpi),
            Hub = result.GetValue(_hub),
            Device = result.GetValue(_device),
            Threads = result.GetValue(_threads),
            Parallel = result.GetValue(_parallel),
            WorkDirectory = result.GetValue(_work),
            ModelDirectory = result.GetRequiredValue(_models),
            ForceOcr = result.GetValue(_forceOcr),
            AcceptOcrTextLayer = result.GetValue(_acceptOcrTextLayer),
            Overlay = result.GetValue(_overlay),
            Formats = Formats(result.GetValue(_format), result.GetValue(_overlay)),
            Trace = result.GetValue(_trace),
            Quiet = result.GetValue(_quiet),
            Verbose = result.GetValue(_verbose),
            RemoteSource = inputs.Length == 1 && DocumentLocation.IsLocation(inputs[0]) ? ParseLocation(inputs[0], prefix: false) : null,
            RemoteOutput = DocumentLocation.IsLocation(outDir) ? ParseLocation(outDir, prefix: true) : null,
        };
    }

    private static void ValidateInputs(ArgumentResult result)
    {
        var inputs = result.Tokens.Select(t => t.Value).ToArray();
        if (inputs.FirstOrDefault(i => i.Length > 1 && i[0] == '-') is { } unknown)
        {
            result.AddError($"unknown option '{unknown}'");
            return;
        }

        var remote = inputs.Where(DocumentLocation.IsLocation).ToArray();
        if (remote.Length > 0 && inputs.Length > 1)
        {
            result.AddError($"an s3:// or blob:// input is read alone; got {inputs.Length} inputs");
            return;
        }

        foreach (var input in remote)
        {
            Location(result, input, prefix: false);
        }
    }

    private static void Location(SymbolResult result, string? value, bool prefix)
    {
        if (value is not null && DocumentLocation.IsLocation(value))
        {
            try
            {
                ParseLocation(value, prefix);
            }
            catch (FormatException ex)
            {
                result.AddError(ex.Message);
            }
        }
    }

    private static DocumentLocation ParseLocation(string value, bool prefix)
    {
        var location = DocumentLocation.Parse(value);
        if (!prefix && location.IsPrefix)
        {
            throw new FormatException($"'{value}' names no object, only a prefix: write {value.TrimEnd('/')}/NAME.");
        }

        return prefix ? location.AsPrefix() : location;
    }

    private static string Name(ArgumentResult result) => (result.Parent as OptionResult)?.Option.Name ?? "option";

    private static int Number(ArgumentResult result, int min, int max)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        result.AddError($"{Name(result)} takes a whole number from {min} to {max}, not '{value}'");
        return 0;
    }

    private static PageRanges? ParsePages(ArgumentResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (PageRanges.TryParse(value, out var pages))
        {
            return pages;
        }

        result.AddError($"--pages takes pages and ranges such as 1-3,7 or 10-, not '{value}'");
        return null;
    }

    /// <summary>The formats to write: those asked for (Markdown and JSON when none), and the JSON with <c>--overlay</c>, which draws from it.</summary>
    private static IReadOnlyList<string> Formats(IReadOnlyList<string>? asked, bool overlay) =>
        OutputFormats.Selected(overlay && asked is not null ? asked.Append(OutputFormats.Json) : asked);

    private static IReadOnlyList<string>? ParseFormats(ArgumentResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        var formats = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (formats.Length > 0 && formats.All(f => OutputFormats.IsKnown(f.ToLowerInvariant())))
        {
            return OutputFormats.Selected(formats);
        }

        result.AddError($"--format takes a list of {OutputFormats.Describe()}, such as pdf,md,json, not '{value}'");
        return null;
    }

    private static DurableBackendKind ParseHub(ArgumentResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        switch (value)
        {
            case "memory":
                return DurableBackendKind.InMemory;
            case "azurite" or "azure-storage":
                return DurableBackendKind.AzureStorage;
            default:
                result.AddError($"--hub takes memory or azurite, not '{value}'");
                return default;
        }
    }

    private static DeviceChoice ParseDevice(ArgumentResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        switch (value)
        {
            case "auto":
                return DeviceChoice.Auto;
            case "cpu":
                return DeviceChoice.Cpu;
            case "cuda":
                return DeviceChoice.Cuda;
            default:
                result.AddError($"--device takes auto, cpu or cuda, not '{value}'");
                return default;
        }
    }
}
