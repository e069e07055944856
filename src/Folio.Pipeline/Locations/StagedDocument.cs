using System.Security.Cryptography;
using Folio.Documents;

namespace Folio.Pipeline;

/// <summary>
/// A submitted document copied to a temporary file while its SHA-256 is computed, so the job id (which
/// depends on the content) is known before anything is written to the work store. Deletes the file when disposed.
/// </summary>
public sealed class StagedDocument : IAsyncDisposable
{
    private StagedDocument(string path, byte[] sha256, long length)
    {
        FilePath = path;
        Sha256 = sha256;
        Length = length;
    }

    /// <summary>The temporary file.</summary>
    public string FilePath { get; }

    /// <summary>SHA-256 of the content.</summary>
    public byte[] Sha256 { get; }

    /// <summary>Bytes.</summary>
    public long Length { get; }

    /// <summary>Copies <paramref name="content"/> to a temporary file, hashing it, and stops past <paramref name="maxBytes"/>.</summary>
    /// <exception cref="DocumentException">Kind <see cref="DocumentErrorKind.TooLarge"/> past the limit (nothing is kept).</exception>
    public static async Task<StagedDocument> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = Path.Combine(Path.GetTempPath(), "folio-staged-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        throw new DocumentException(DocumentErrorKind.TooLarge, $"The document is larger than the limit of {maxBytes / (1024 * 1024)} MB ({maxBytes} bytes).");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            return new StagedDocument(path, hash.GetHashAndReset(), length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Moves the staged file to <paramref name="path"/>, creating its folder; disposing then has nothing to delete.</summary>
    public void MoveTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Move(FilePath, path, overwrite: true);
    }

    /// <summary>Copies a file to a temporary file, hashing it (no size limit).</summary>
    public static async Task<StagedDocument> StageFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var content = File.OpenRead(path);
        await using (content.ConfigureAwait(false))
        {
            return await StageAsync(content, long.MaxValue, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the staged bytes for reading.</summary>
    public FileStream OpenRead() => new(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        File.Delete(FilePath);
        return ValueTask.CompletedTask;
    }
}
