using System.Diagnostics.Metrics;
using Folio.Contracts;
using Folio.Pages.Imaging;

namespace Folio.Vlm.Tests;

/// <summary>The engine against the fake server over real HTTP; the layout is given, so no OCR models are needed.</summary>
public sealed class VlmEngineTests : IAsyncLifetime
{
    private FakeVlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeVlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // Regions of distinct sizes, so that each request's image tells which region it was.
    private static PageResult Layout() => new()
    {
        PageNumber = 1,
        Width = 400,
        Height = 300,
        Blocks =
        [
            new Block { Kind = "heading", Level = 2, Order = 0, Text = "ppocr heading", Bbox = new Box(10, 10, 110, 30) },
            new Block { Kind = "paragraph", Order = 1, Text = "ppocr paragraph", Bbox = new Box(10, 40, 210, 80) },
            new Block { Kind = "table", Order = 2, Text = "ppocr table", Bbox = new Box(10, 90, 310, 150) },
            new Block { Kind = "formula", Order = 3, Text = "ppocr formula", Bbox = new Box(10, 160, 130, 180) },
            new Block { Kind = "figure", Order = 4, Text = "ppocr figure", Bbox = new Box(200, 190, 398, 297) },
        ],
        Provenance = new Provenance { Engine = "ppocr", Source = "ocr", TimingsMs = new Dictionary<string, double> { ["detect"] = 1 } },
    };

    private VlmEngine Engine(int maxConcurrent = 4, double timeoutSeconds = 10) => new(new VlmOptions
    {
        ServerUrl = _server.Url + "v1",
        MaxConcurrentRequests = maxConcurrent,
        RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds),
        MaxTokens = 1234,
        CropMargin = 5,
    });

    [Fact]
    public async Task Each_region_goes_with_the_prompt_of_its_kind_and_its_answer_lands_in_the_block()
    {
        using var engine = Engine();
        var page = await engine.RecognizeAsync(RasterImage.CreateWhite(400, 300), Layout(), CancellationToken.None);

        var requests = _server.Requests.ToList();
        Assert.Equal(5, requests.Count);
        Assert.All(requests, r => Assert.Equal((1234, 0.0), (r.MaxTokens, r.Temperature)));
        var promptBySize = requests.ToDictionary(r => (r.ImageWidth, r.ImageHeight), r => r.Prompt);
        Assert.Equal("OCR:", promptBySize[(110, 30)]); // heading 100 × 20 plus 5 px each side
        Assert.Equal("OCR:", promptBySize[(210, 50)]);
        Assert.Equal("Table Recognition:", promptBySize[(310, 70)]);
        Assert.Equal("Formula Recognition:", promptBySize[(130, 30)]);
        Assert.Equal("Chart Recognition:", promptBySize[(205, 115)]); // clipped at the page's right and bottom edges

        Assert.Equal("vlm", page.Provenance!.Engine);
        Assert.Equal(FakeVlmServer.ModelName, page.Provenance.Models["vlm"]);
        Assert.True(page.Provenance.TimingsMs.ContainsKey("vlm") && page.Provenance.TimingsMs.ContainsKey("detect"));
        Assert.Equal([0, 1, 2, 3, 4], page.Blocks.Select(b => b.Order));
        Assert.All(page.Blocks, b => Assert.Equal(("vlm", null), (b.Engine, b.Fallback)));
        Assert.StartsWith("fake vlm text", page.Blocks[0].Text, StringComparison.Ordinal);
        Assert.Equal(("heading", 2), (page.Blocks[0].Kind, page.Blocks[0].Level));
        Assert.StartsWith("fake vlm text", page.Blocks[1].Text, StringComparison.Ordinal);
        Assert.Equal((3, 2, "| Name | Value |"), (page.Blocks[2].Table!.Rows, page.Blocks[2].Table!.Columns, page.Blocks[2].Text.Split('\n')[0]));
        Assert.Equal(("formula", "E = mc^2", "$$\nE = mc^2\n$$"), (page.Blocks[3].Kind, page.Blocks[3].Latex, page.Blocks[3].Text));
        Assert.Equal(("figure", 3), (page.Blocks[4].Kind, page.Blocks[4].Table!.Rows));
        Assert.Equal(5, engine.Metrics.Regions);
    }

    [Fact]
    public async Task A_page_without_regions_goes_whole_with_ocr()
    {
        using var engine = Engine();
        var page = await engine.RecognizeAsync(RasterImage.CreateWhite(400, 300), Layout() with { Blocks = [] }, CancellationToken.None);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("OCR:", 400, 300), (request.Prompt, request.ImageWidth, request.ImageHeight));
        var block = Assert.Single(page.Blocks);
        Assert.Equal(("paragraph", new Box(0, 0, 400, 300), "vlm"), (block.Kind, block.Bbox, block.Engine));
    }

    [Theory]
    [InlineData(FakeMode.Loop, FallbackReasons.Repetition)]
    [InlineData(FakeMode.Length, FallbackReasons.Length)]
    [InlineData(FakeMode.Error500, FallbackReasons.Server)]
    [InlineData(FakeMode.Slow, FallbackReasons.Timeout)]
    [InlineData(FakeMode.Malformed, FallbackReasons.Malformed)]
    [InlineData(FakeMode.BadOtsl, FallbackReasons.Malformed)]
    public async Task An_unusable_table_answer_keeps_ppocr_text_marked_and_counted(FakeMode mode, string reason)
    {
        _server.ModeByPrompt["Table Recognition:"] = mode;
        // Only the slow case needs a short timeout (the fake server waits 5 s); a busy CI machine can take longer
        // than half a second to answer the other regions, which must not time out.
        using var engine = Engine(timeoutSeconds: mode == FakeMode.Slow ? 2 : 30);
        var measured = new List<(long Value, string? Reason)>();
        using var listener = Listen(engine.Metrics.Meter, measured);

        var page = await engine.RecognizeAsync(RasterImage.CreateWhite(400, 300), Layout(), CancellationToken.None);

        var table = page.Blocks[2];
        Assert.Equal(("ppocr table", "ppocr", reason), (table.Text, table.Engine, table.Fallback));
        Assert.Null(table.Table);
        Assert.All(page.Blocks.Where(b => b.Order != 2), b => Assert.Equal("vlm", b.Engine));
        Assert.Equal(new Dictionary<string, long> { [reason] = 1 }, engine.Metrics.Fallbacks);
        Assert.Equal([(1L, reason)], measured);
    }

    [Fact]
    public async Task An_unreachable_server_falls_back_on_every_region_as_connection()
    {
        var port = _server.Url.Port;
        await _server.DisposeAsync();
        using var engine = new VlmEngine(new VlmOptions { ServerUrl = $"http://127.0.0.1:{port}" });
        var page = await engine.RecognizeAsync(RasterImage.CreateWhite(400, 300), Layout(), CancellationToken.None);
        Assert.Equal(Layout().Blocks.Select(b => b.Text), page.Blocks.Select(b => b.Text));
        Assert.All(page.Blocks, b => Assert.Equal(("ppocr", FallbackReasons.Connection), (b.Engine, b.Fallback)));
        Assert.Equal(5, engine.Metrics.Fallbacks[FallbackReasons.Connection]);
        _server = await FakeVlmServer.StartAsync(); // for DisposeAsync
    }

    [Fact]
    public async Task Many_concurrent_pages_never_exceed_the_request_limit()
    {
        _server.Delay = TimeSpan.FromMilliseconds(30);
        using var engine = Engine(maxConcurrent: 3);
        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => engine.RecognizeAsync(RasterImage.CreateWhite(400, 300), Layout(), CancellationToken.None)));
        Assert.Equal(40, _server.Requests.Count);
        Assert.All(pages.SelectMany(p => p.Blocks), b => Assert.Equal("vlm", b.Engine));
        Assert.Equal(3, _server.MaxConcurrent);
        Assert.Equal(0, engine.Limiter.InFlight);
    }

    [Fact]
    public async Task The_probe_wants_the_model_listed_and_caches_its_answer()
    {
        using var engine = new VlmEngine(new VlmOptions { ServerUrl = _server.Url.ToString(), ProbeCacheDuration = TimeSpan.FromMinutes(5) });
        _server.ServedModels = ["some/other-model"];
        var missing = await engine.Probe.CheckAsync(CancellationToken.None);
        Assert.False(missing.Ready);
        Assert.Contains("does not serve model 'PaddlePaddle/PaddleOCR-VL' (it serves: some/other-model)", missing.Reason, StringComparison.Ordinal);

        _server.ServedModels = [FakeVlmServer.ModelName];
        Assert.Same(missing, await engine.Probe.CheckAsync(CancellationToken.None)); // cached
        Assert.Equal(1, _server.ModelListRequests);

        using var fresh = new VlmEngine(new VlmOptions { ServerUrl = _server.Url.ToString(), ProbeCacheDuration = TimeSpan.Zero });
        var ready = await fresh.Probe.CheckAsync(CancellationToken.None);
        Assert.Equal((true, "ready", "vllm"), (ready.Ready, ready.Reason, ready.Backend));
        Assert.Equal("vllm", fresh.Info.Backend);
        _server.ServedModels = [];
        Assert.False((await fresh.Probe.CheckAsync(CancellationToken.None)).Ready);
        Assert.Equal(3, _server.ModelListRequests);
    }

    private static MeterListener Listen(Meter meter, List<(long, string?)> measured)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == VlmMetrics.FallbacksName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (measured)
            {
                measured.Add((value, tags.ToArray().Single(t => t.Key == "reason").Value as string));
            }
        });
        listener.Start();
        return listener;
    }
}
