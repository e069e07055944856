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
    public void Usage_errors_say_what_is_wrong(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse(args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_shows_a_bar_pages_and_failures()
    {
        Assert.Equal("[###############---------------] 3/6 pages, 1 failed (recognizing)", ProgressLine.Render(new JobProgress("recognizing", 3, 1, 6)));
        Assert.Equal("preparing…", ProgressLine.Render(new JobProgress("preparing", 0, 0, 0)));
    }
}
