using Folio.Contracts;
using Folio.Pages.Imaging;

namespace Folio.Vlm.Tests;

public sealed class AnswerTests
{
    private static readonly Block Region = new() { Kind = "paragraph", Text = "ppocr text", Bbox = new Box(10, 20, 110, 70), Order = 4 };

    [Theory]
    [InlineData("paragraph", VlmTask.Ocr, "OCR:")]
    [InlineData("title", VlmTask.Ocr, "OCR:")]
    [InlineData("heading", VlmTask.Ocr, "OCR:")]
    [InlineData("listItem", VlmTask.Ocr, "OCR:")]
    [InlineData("footnote", VlmTask.Ocr, "OCR:")]
    [InlineData("table", VlmTask.Table, "Table Recognition:")]
    [InlineData("formula", VlmTask.Formula, "Formula Recognition:")]
    [InlineData("inline_formula", VlmTask.Formula, "Formula Recognition:")]
    [InlineData("chart", VlmTask.Chart, "Chart Recognition:")]
    [InlineData("figure", VlmTask.Chart, "Chart Recognition:")]
    public void Each_kind_gets_its_task_prompt(string kind, VlmTask task, string prompt)
    {
        Assert.Equal(task, VlmPrompts.TaskFor(kind));
        Assert.Equal(prompt, VlmPrompts.PromptFor(task));
    }

    [Theory]
    [InlineData("$$E = mc^2$$", "E = mc^2")]
    [InlineData("\\[ \\frac{a}{b} \\]", "\\frac{a}{b}")]
    [InlineData("\\(x^2\\)", "x^2")]
    [InlineData("$x$", "x")]
    [InlineData("  \\sum_{i=1}^{n} i  ", "\\sum_{i=1}^{n} i")]
    public void Formula_delimiters_are_taken_off(string answer, string latex) =>
        Assert.Equal(latex, FormulaText.StripDelimiters(answer));

    [Fact]
    public void Formulas_keep_latex_in_json_and_dollars_in_markdown()
    {
        var display = VlmAnswers.Interpret(Region with { Kind = "formula" }, VlmTask.Formula, new ChatAnswer("\\[a^2+b^2=c^2\\]", "stop")).Block!;
        Assert.Equal(("formula", "a^2+b^2=c^2", "$$\na^2+b^2=c^2\n$$", "vlm"), (display.Kind, display.Latex, display.Text, display.Engine));
        var inline = VlmAnswers.Interpret(Region with { Kind = "inline_formula" }, VlmTask.Formula, new ChatAnswer("x_1", "stop")).Block!;
        Assert.Equal("$x_1$", inline.Text);
    }

    [Fact]
    public void Chart_answers_become_tables_with_even_cell_boxes()
    {
        var block = VlmAnswers.Interpret(Region with { Kind = "figure" }, VlmTask.Chart, new ChatAnswer("| Year | Sales |\n| --- | --- |\n| 2019 | 3 |\n| 2020 | 5 |", "stop")).Block!;
        Assert.Equal((3, 2), (block.Table!.Rows, block.Table.Columns));
        Assert.Equal("| Year | Sales |\n| --- | --- |\n| 2019 | 3 |\n| 2020 | 5 |", block.Text);
        Assert.Equal(new Box(60, 20 + (50f / 3 * 2), 110, 70), block.Table.Cells[^1].Bbox);
        Assert.True(MarkdownTableParser.TryParse("a | b \\| c\n1 | 2", Region.Bbox, out var bare));
        Assert.Equal(["a", "b | c", "1", "2"], bare.Cells.Select(c => c.Text));
        Assert.False(MarkdownTableParser.TryParse("a bar chart of sales", Region.Bbox, out _));
    }

    [Theory]
    [InlineData("fine text", "length", "length")]
    [InlineData("", "stop", "empty")]
    [InlineData("<fcel>a<lcel><nl><lcel><nl>", "stop", "malformed")]
    public void Runaway_and_unusable_answers_are_refused(string content, string finish, string reason)
    {
        var outcome = VlmAnswers.Interpret(Region with { Kind = "table" }, VlmTask.Table, new ChatAnswer(content, finish));
        Assert.Null(outcome.Block);
        Assert.Equal(reason, outcome.FallbackReason);
    }

    [Fact]
    public void A_looping_answer_is_refused_as_repetition()
    {
        var outcome = VlmAnswers.Interpret(Region, VlmTask.Ocr, new ChatAnswer("Total " + string.Concat(Enumerable.Repeat("0 ", 200)), "stop"));
        Assert.Equal(FallbackReasons.Repetition, outcome.FallbackReason);
        Assert.Contains("2-character unit repeats 200 times", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://vllm:8118/v1", "http://vllm:8118")]
    [InlineData("http://vllm:8118/v1/", "http://vllm:8118")]
    [InlineData(" https://ca-folio-vllm.example/ ", "https://ca-folio-vllm.example")]
    public void Server_urls_with_or_without_v1_give_the_same_root(string url, string root) =>
        Assert.Equal(root, VlmOptions.NormalizeServerUrl(url));

    [Fact]
    public void Crops_grow_by_the_margin_and_stay_on_the_page()
    {
        Assert.Equal(new PixelRect(4, 14, 112, 62), RegionCrop.Expand(new Box(10, 20, 110, 70), 6, 400, 300));
        Assert.Equal(new PixelRect(0, 0, 16, 12), RegionCrop.Expand(new Box(2.5f, 3, 9.2f, 5.9f), 6, 400, 300));
        Assert.Equal(new PixelRect(390, 290, 10, 10), RegionCrop.Expand(new Box(396, 296, 420, 330), 6, 400, 300));
        Assert.Equal(new PixelRect(399, 299, 1, 1), RegionCrop.Expand(new Box(500, 500, 600, 600), 0, 400, 300));
    }

    [Fact]
    public void A_crop_copies_the_right_pixels_and_encodes_as_png()
    {
        var page = RasterImage.CreateWhite(40, 30);
        page.Bgra[((12 * 40) + 7) * 4] = 17; // blue channel of (7, 12)
        var crop = RegionCrop.Cut(page, new PixelRect(5, 10, 8, 6));
        Assert.Equal((8, 6), (crop.Width, crop.Height));
        Assert.Equal(17, crop.Bgra[((2 * 8) + 2) * 4]);
        var png = RegionCrop.EncodePng(crop);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(8, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(6, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void The_request_is_openai_chat_with_the_image_first_then_the_prompt()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(OpenAiChatClient.BuildRequest("m", [1, 2, 3], "OCR:", 77))!;
        Assert.Equal("m", (string?)json["model"]);
        Assert.Equal(0, (int)json["temperature"]!);
        Assert.Equal(77, (int)json["max_tokens"]!);
        var content = json["messages"]![0]!["content"]!;
        Assert.Equal("data:image/png;base64,AQID", (string?)content[0]!["image_url"]!["url"]);
        Assert.Equal(("text", "OCR:"), ((string?)content[1]!["type"], (string?)content[1]!["text"]));
        Assert.Equal(new ChatAnswer("hi", "stop"), OpenAiChatClient.ParseResponse("{\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}"));
        Assert.Equal(FallbackReasons.Malformed, Assert.Throws<VlmCallException>(() => OpenAiChatClient.ParseResponse("{\"choices\":[]}")).Reason);
        Assert.Equal(FallbackReasons.Malformed, Assert.Throws<VlmCallException>(() => OpenAiChatClient.ParseResponse("<html>")).Reason);
    }
}
