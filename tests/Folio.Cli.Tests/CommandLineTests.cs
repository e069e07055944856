using Folio.Local;
using Folio.Pipeline;

namespace Folio.Cli.Tests;

public class CommandLineTests
{
    [Fact]
    public void Options_are_parsed()
    {
        var command = CommandLine.Parse(["ocr", "doc.pdf", "--out", "o", "--pages", "1-3,7", "--dpi", "200", "--hub", "azurite", "--threads", "2", "--quiet"]);
        Assert.Equal(["doc.pdf"], command.Inputs);
        Assert.Equal("o", command.OutDir);
        Assert.Equal("1-3,7", command.Pages?.Text);
        Assert.Equal(200, command.Dpi);
        Assert.Equal(DurableBackendKind.AzureStorage, command.Hub);
        Assert.Equal(2, command.Threads);
        Assert.True(command.Quiet);
        Assert.False(command.ForceOcr);
        Assert.True(CommandLine.Parse(["ocr", "doc.pdf", "--force-ocr"]).ForceOcr);
        Assert.False(command.Overlay);
        Assert.True(CommandLine.Parse(["ocr", "doc.pdf", "--overlay"]).Overlay);
        Assert.Equal(150, CommandLine.Parse(["ocr", "doc.pdf"]).Dpi);
        Assert.Equal(["a.pdf", "docs", "b.png"], CommandLine.Parse(["ocr", "a.pdf", "docs", "-o", "x", "b.png"]).Inputs);
        Assert.True(CommandLine.Parse(["ocr", "doc.pdf", "--verbose"]).Verbose);
        Assert.Equal(Folio.Ocr.DeviceChoice.Cuda, CommandLine.Parse(["ocr", "doc.pdf", "--device", "cuda"]).Device);
    }

    [Theory]
    [InlineData(new string[0], "Required command")]
    [InlineData(new[] { "scan", "x.pdf" }, "'scan'")]
    [InlineData(new[] { "ocr" }, "'FILE' missing")]
    [InlineData(new[] { "ocr", "a.pdf", "s3://bucket/b.pdf" }, "read alone")]
    [InlineData(new[] { "ocr", "a.pdf", "--dpi", "9000" }, "36 to 600")]
    [InlineData(new[] { "ocr", "a.pdf", "--dpi", "x" }, "--dpi takes a whole number")]
    [InlineData(new[] { "ocr", "a.pdf", "--dpi" }, "'--dpi'")]
    [InlineData(new[] { "ocr", "a.pdf", "--threads", "0" }, "--threads takes a whole number from 1 to 256")]
    [InlineData(new[] { "ocr", "a.pdf", "--parallel", "257" }, "--parallel takes a whole number from 1 to 256")]
    [InlineData(new[] { "ocr", "a.pdf", "--pages", "3-1" }, "'3-1'")]
    [InlineData(new[] { "ocr", "a.pdf", "--pages", "0" }, "'0'")]
    [InlineData(new[] { "ocr", "a.pdf", "--hub", "sql" }, "memory or azurite")]
    [InlineData(new[] { "ocr", "a.pdf", "--device", "tpu" }, "auto, cpu or cuda")]
    [InlineData(new[] { "ocr", "a.pdf", "--colour" }, "unknown option '--colour'")]
    [InlineData(new[] { "ocr", "a.pdf", "--quiet", "--verbose" }, "cannot be used together")]
    [InlineData(new[] { "ocr", "a.pdf", "--format", "pdf,docx" }, "--format takes a list of md, json, txt, html and pdf")]
    [InlineData(new[] { "ocr", "a.pdf", "--format", "," }, "not ','")]
    public void Usage_errors_say_what_is_wrong(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse(args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], new[] { "md", "json" })]
    [InlineData(new[] { "--format", "pdf,MD, json" }, new[] { "md", "json", "pdf" })]
    [InlineData(new[] { "--format", "html,txt" }, new[] { "txt", "html" })]
    [InlineData(new[] { "--format", "pdf", "--overlay" }, new[] { "json", "pdf" })]
    public void Formats_are_read_in_a_fixed_order_and_overlays_bring_the_json(string[] options, string[] formats)
    {
        Assert.Equal(formats, CommandLine.Parse(["ocr", "doc.pdf", .. options]).Formats);
    }

    [Fact]
    public void Progress_shows_a_bar_pages_and_failures()
    {
        Assert.Equal("[###############---------------] 3/6 pages, 1 failed (recognizing)", ProgressLine.Render(new JobProgress("recognizing", 3, 1, 6)));
        Assert.Equal("preparing…", ProgressLine.Render(new JobProgress("preparing", 0, 0, 0)));
    }
}
