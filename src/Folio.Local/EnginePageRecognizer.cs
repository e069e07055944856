using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Pipeline;

namespace Folio.Local;

/// <summary>
/// Recognises pages in this process: <see cref="PageReader"/> renders the page's bytes at its dpi, the
/// <see cref="OcrEngine"/> reads it. Pages run one at a time by default: the engine already uses every core
/// for one page on CPU.
/// </summary>
public sealed class EnginePageRecognizer : IPageRecognizer, IDisposable
{
    private readonly OcrEngine _engine;
    private readonly DocumentLimits _limits;
    private readonly SemaphoreSlim _gate;

    /// <summary>Wraps an engine the caller owns.</summary>
    /// <param name="engine">The engine; not disposed by this class.</param>
    /// <param name="limits">Bounds applied when opening page bytes; <see cref="DocumentLimits.Default"/> when null.</param>
    /// <param name="maxConcurrentPages">Pages recognised at once (default 1).</param>
    public EnginePageRecognizer(OcrEngine engine, DocumentLimits? limits = null, int maxConcurrentPages = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConcurrentPages);
        _engine = engine;
        _limits = limits ?? DocumentLimits.Default;
        _gate = new SemaphoreSlim(maxConcurrentPages, maxConcurrentPages);
    }

    /// <inheritdoc />
    public async Task<PageResult> RecognizeAsync(PageInput page, CancellationToken cancellationToken = default)
    {
        if (page.Engine is not null && page.Engine != _engine.Info.Engine)
        {
            throw new PageRejectedException($"Page {page.PageNumber}: the engine '{page.Engine}' does not run in this process (this recogniser runs '{_engine.Info.Engine}'; 'vlm' needs the inference service).");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Recognize(page, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The engine's name, model digests and settings; null for an engine this recogniser does not run.</summary>
    public Task<string?> DescribeAsync(string? engine, CancellationToken cancellationToken = default) =>
        Task.FromResult(engine is null || engine == _engine.Info.Engine
            ? $"{_engine.Info.Engine}|" + string.Join(';', _engine.Info.Models.Select(m => $"{m.Key}={m.Value}").Order(StringComparer.Ordinal)) + $"|{_engine.Info.Settings}"
            : null);

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private PageResult Recognize(PageInput page, CancellationToken cancellationToken)
    {
        try
        {
            var rendered = PageReader.Read(page.Content.ToArray(), page.PageNumber, page.Dpi, _limits, firstPageNumber: page.PageNumber, cancellationToken);
            return _engine.Recognize(rendered, cancellationToken: cancellationToken);
        }
        catch (DocumentException ex)
        {
            throw new PageRejectedException($"Page {page.PageNumber}: {ex.Message}", ex);
        }
    }
}
