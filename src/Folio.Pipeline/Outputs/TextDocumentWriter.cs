using System.Text;
using Folio.Contracts;

namespace Folio.Pipeline;

/// <summary>The plain-text output (<see cref="OutputFormats.Text"/>), page by page: see <see cref="PlainTextBlocks"/>.</summary>
internal sealed class TextDocumentWriter(string path) : IPageOutput
{
    private readonly StreamWriter _writer = new(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
    private bool _first = true;

    public string Format => OutputFormats.Text;

    public string Path => path;

    public Task BeginAsync(string title) => Task.CompletedTask;

    public async Task WritePageAsync(PageResult page, string? continuation)
    {
        if (!_first)
        {
            await _writer.WriteAsync(PlainTextBlocks.PageSeparator).ConfigureAwait(false);
        }

        _first = false;
        await _writer.WriteAsync(PlainTextBlocks.Page(page, continuation)).ConfigureAwait(false);
    }

    public Task EndAsync() => _writer.FlushAsync();

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
