using Folio.Contracts;

namespace Folio.Pipeline;

/// <summary>One output written page by page at assembly, beside the Markdown and the JSON (<see cref="DocumentWriters"/>).</summary>
internal interface IPageOutput : IAsyncDisposable
{
    /// <summary>The format (<see cref="OutputFormats"/>), also the file's extension.</summary>
    string Format { get; }

    /// <summary>The temporary file written.</summary>
    string Path { get; }

    /// <summary>Starts the document; <paramref name="title"/> is the source's name.</summary>
    Task BeginAsync(string title);

    /// <summary>Writes one page; <paramref name="continuation"/> is the text its last paragraph goes on with on the next page.</summary>
    Task WritePageAsync(PageResult page, string? continuation);

    /// <summary>Ends the document.</summary>
    Task EndAsync();
}
