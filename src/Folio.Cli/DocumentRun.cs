using System.Diagnostics;
using Folio.Local;
using Folio.Pipeline;

namespace Folio.Cli;

/// <summary>
/// One document of a <c>folio ocr</c> run: read through the shared runner, one summary line on stderr, overlays
/// when asked, the outputs (the formats asked for, then overlays) uploaded when OUT is remote, and their paths on stdout.
/// </summary>
internal sealed class DocumentRun(OcrCommand command, LocalDocumentRunner runner, RemoteStaging? remote, ProgressLine status)
{
    private string OutDir => command.RemoteOutput is null ? command.OutDir : remote!.OutputFolder;

    /// <summary>Reads <paramref name="path"/>; the status it ended in, or null when it did not finish.</summary>
    public async Task<DocumentStatus?> RunAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var clock = Stopwatch.StartNew();
        var options = new RunOptions
        {
            Pages = command.Pages,
            Dpi = command.Dpi,
            ForceOcr = command.ForceOcr,
            AcceptOcrTextLayer = command.AcceptOcrTextLayer,
            // The default selection is asked as no selection, so the job (and its id) is the one it always was.
            Formats = command.Formats.SequenceEqual(OutputFormats.Default) ? null : command.Formats,
        };
        DocumentOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(path, OutDir, options, status, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            status.Done();
            return null;
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or UnauthorizedAccessException)
        {
            status.Done();
            Console.Error.WriteLine($"folio: {name}: the document failed: {ex.Message}");
            return null;
        }

        status.Done();
        var seconds = clock.Elapsed.TotalSeconds;
        switch (outcome.Status)
        {
            case DocumentStatus.Succeeded:
                if (!command.Quiet)
                {
                    Console.Error.WriteLine($"folio: {name}: {outcome.PagesSucceeded} of {outcome.PageCount} pages read in {seconds:F1} s");
                }

                break;
            case DocumentStatus.PartiallySucceeded:
                Console.Error.WriteLine($"folio: {name}: {outcome.PagesSucceeded} of {outcome.PageCount} pages read in {seconds:F1} s; failed:");
                foreach (var failure in outcome.FailedPages)
                {
                    Console.Error.WriteLine($"  page {failure.PageNumber}: {failure.Reason}");
                }

                break;
            default:
                Console.Error.WriteLine($"folio: {name}: the document failed: {outcome.Reason}");
                return DocumentStatus.Failed;
        }

        return await WriteOutputsAsync(path, outcome, cancellationToken).ConfigureAwait(false) ? outcome.Status : DocumentStatus.Failed;
    }

    /// <summary>Overlays, upload and the list on stdout; false when the upload failed.</summary>
    private async Task<bool> WriteOutputsAsync(string path, DocumentOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Outputs is not { } outputs)
        {
            return true;
        }

        var overlays = command.Overlay ? OverlayStep.Write(path, outputs.JsonKey, OutDir, command.Dpi) : [];
        var files = command.Formats.Select(f => outputs.KeyOf(f)!).Concat(overlays).ToList();
        if (command.RemoteOutput is { } prefix)
        {
            try
            {
                foreach (var written in await remote!.PublishAsync(files, prefix, cancellationToken).ConfigureAwait(false))
                {
                    Console.WriteLine(written);
                }
            }
            catch (Exception ex) when (RemoteStaging.IsRemoteFailure(ex))
            {
                Console.Error.WriteLine($"folio: could not upload to {prefix}: {ex.Message}");
                return false;
            }

            return true;
        }

        foreach (var file in files)
        {
            Console.WriteLine(file);
        }

        return true;
    }
}
