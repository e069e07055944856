using System.Runtime.CompilerServices;

namespace Folio.Pipeline;

/// <summary>An <see cref="IWorkStore"/> in a local folder: a key is a relative path under the root. Writes are atomic (temp file, then rename).</summary>
public sealed class LocalFolderStore : IWorkStore
{
    /// <summary>Uses (and creates) <paramref name="root"/>.</summary>
    public LocalFolderStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder holding the objects.</summary>
    public string Root { get; }

    /// <summary>The file an object is kept in.</summary>
    public string PathOf(string key) => Path.Combine(Root, WorkKeys.Validate(key).Replace('/', Path.DirectorySeparatorChar));

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryCreateAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
            return Task.FromResult(true);
        }
        catch (IOException) when (File.Exists(path))
        {
            return Task.FromResult(false);
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(key)));

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var existed = File.Exists(path);
        File.Delete(path);
        return Task.FromResult(existed);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Start from the deepest folder the prefix names, then filter by the whole prefix.
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? Root : Path.Combine(Root, WorkKeys.Validate(prefix[..slash]).Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var keys = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredItem> ListItemsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var key in ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var written = File.GetLastWriteTimeUtc(PathOf(key));
            // A file deleted since it was listed reports year 1601: skip it.
            if (written.Year > 1601)
            {
                yield return new StoredItem(key, new DateTimeOffset(written, TimeSpan.Zero));
            }
        }
    }
}
