using Folio.Local;
using Folio.Ocr;
using Folio.Pipeline;

namespace Folio.Cli;

/// <summary>Parsed arguments of <c>folio ocr</c>.</summary>
internal sealed record OcrCommand
{
    /// <summary>Files and folders as given; one <c>s3://</c> or <c>blob://</c> location instead when <see cref="RemoteSource"/> is set.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    public string OutDir { get; init; } = "out";

    /// <summary>The formats written to OUT, in the order of <see cref="OutputFormats.All"/> (default Markdown and JSON).</summary>
    public IReadOnlyList<string> Formats { get; init; } = OutputFormats.Default;

    public PageRanges? Pages { get; init; }

    public int Dpi { get; init; } = 150;

    public DurableBackendKind Hub { get; init; } = DurableBackendKind.InMemory;

    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    /// <summary>Threads per model run; 0: chosen from the device.</summary>
    public int Threads { get; init; }

    /// <summary>Pages read at once; 0: chosen from the device.</summary>
    public int Parallel { get; init; }

    public string? WorkDirectory { get; init; }

    public string ModelDirectory { get; init; } = "models";

    /// <summary>Only errors on stderr: no progress, no summary of a document that succeeded.</summary>
    public bool Quiet { get; init; }

    /// <summary>Also the logs of the pipeline and the durable backend, on stderr.</summary>
    public bool Verbose { get; init; }

    public bool ForceOcr { get; init; }

    /// <summary>Read invisible text over a scanned page (an earlier OCR) instead of OCR'ing the scan.</summary>
    public bool AcceptOcrTextLayer { get; init; }

    /// <summary>Also write one overlay picture per page (<c>NAME.page-001.overlay.png</c>).</summary>
    public bool Overlay { get; init; }

    /// <summary>Print where the time went (per pipeline step and engine stage) when the run ends.</summary>
    public bool Trace { get; init; }

    /// <summary>The source object when the input is an <c>s3://bucket/key</c> or <c>blob://container/name</c> URI; null for local inputs.</summary>
    public DocumentLocation? RemoteSource { get; init; }

    /// <summary>The output prefix when <see cref="OutDir"/> is an <c>s3://bucket/prefix/</c> or <c>blob://container/prefix/</c> URI; null for a local folder.</summary>
    public DocumentLocation? RemoteOutput { get; init; }
}

/// <summary>Thrown for a usage error: the message is shown on stderr and the exit code is 64.</summary>
internal sealed class UsageException(string message) : Exception(message);
