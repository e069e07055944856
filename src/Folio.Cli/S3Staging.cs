using Amazon.Runtime;
using Folio.Pipeline;

namespace Folio.Cli;

/// <summary>
/// Local stand-ins for S3 locations of one <c>folio ocr</c> run: the source downloaded into a temporary
/// folder before the run, the outputs written to a temporary folder and uploaded after. Disposing deletes both.
/// </summary>
internal sealed class S3Staging : IDisposable
{
    private readonly S3Transfer _transfer;
    private readonly string _folder;

    private S3Staging(S3Transfer transfer)
    {
        _transfer = transfer;
        _folder = Directory.CreateTempSubdirectory("folio-s3-").FullName;
    }

    /// <summary>The local folder that stands in for an S3 output prefix.</summary>
    public string OutputFolder => Path.Combine(_folder, "out");

    /// <summary>Staging with a client configured from the environment; null when the command names no S3 location.</summary>
    /// <exception cref="InvalidOperationException">FOLIO_S3_ENDPOINT or FOLIO_S3_FORCE_PATH_STYLE is invalid.</exception>
    public static S3Staging? For(OcrCommand command) =>
        command.S3Source is null && command.S3Output is null ? null : new S3Staging(S3Transfer.Create(S3Options.FromEnvironment()));

    /// <summary>Whether <paramref name="ex"/> is a failure talking to S3 (as opposed to a bug).</summary>
    public static bool IsS3Failure(Exception ex) => ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException;

    /// <summary>Downloads the source into the staging folder, keeping the key's file name (so NAME stays the same).</summary>
    /// <exception cref="FileNotFoundException">The object does not exist.</exception>
    public async Task<string> FetchAsync(S3Location source, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "in")).FullName;
        var path = Path.Combine(folder, source.FileName);
        await _transfer.DownloadAsync(source, path, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>Uploads the outputs (and any <paramref name="extra"/> files, such as overlays) under <paramref name="prefix"/>; returns their S3 locations, in order.</summary>
    public Task<IReadOnlyList<S3Location>> PublishAsync(DocumentOutputs outputs, S3Location prefix, IEnumerable<string> extra, CancellationToken cancellationToken) =>
        _transfer.UploadAllAsync([outputs.MarkdownKey, outputs.JsonKey, .. extra], prefix, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _transfer.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
