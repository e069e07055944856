using Folio.Contracts;

namespace Folio.Vlm.Tests;

public sealed class OtslParserTests
{
    private static readonly Box Region = new(0, 0, 200, 100);

    // The Markdown (or HTML) the vlm engine writes for a table answer, through the repository's table writer.
    private static string Written(string otsl) =>
        VlmAnswers.Interpret(new Block { Kind = "table", Text = "ppocr", Bbox = Region }, VlmTask.Table, new ChatAnswer(otsl, "stop")).Block!.Text;

    private static Table Parse(string otsl)
    {
        Assert.True(OtslParser.TryParse(otsl, Region, out var table, out var error), error);
        return table;
    }

    [Fact]
    public void A_plain_table_becomes_rows_columns_and_a_markdown_table()
    {
        var table = Parse("<fcel>Name<fcel>Value<nl><fcel>alpha<fcel>1<nl><fcel>beta<ecel><nl>");
        Assert.Equal(3, table.Rows);
        Assert.Equal(2, table.Columns);
        Assert.Equal(6, table.Cells.Count);
        Assert.Equal(["Name", "Value", "alpha", "1", "beta", ""], table.Cells.Select(c => c.Text));
        Assert.All(table.Cells, c => Assert.Equal((1, 1), (c.RowSpan, c.ColumnSpan)));
        Assert.Equal("| Name | Value |\n| --- | --- |\n| alpha | 1 |\n| beta |  |", Written("<fcel>Name<fcel>Value<nl><fcel>alpha<fcel>1<nl><fcel>beta<ecel><nl>"));
    }

    [Fact]
    public void Left_merges_make_a_column_span_and_the_table_is_written_as_html()
    {
        var table = Parse("<otsl><fcel>Quarter results<lcel><lcel><nl><fcel>Q1<fcel>Q2<fcel>Q3<nl><fcel>10<fcel>20<fcel>30<nl></otsl>");
        Assert.Equal((3, 3), (table.Rows, table.Columns));
        Assert.Equal(7, table.Cells.Count);
        var header = table.Cells[0];
        Assert.Equal(("Quarter results", 0, 0, 1, 3), (header.Text, header.Row, header.Column, header.RowSpan, header.ColumnSpan));
        Assert.StartsWith("<table><tr><th colspan=\"3\">Quarter results</th></tr><tr><td>Q1</td>", Written("<otsl><fcel>Quarter results<lcel><lcel><nl><fcel>Q1<fcel>Q2<fcel>Q3<nl><fcel>10<fcel>20<fcel>30<nl></otsl>"), StringComparison.Ordinal);
    }

    [Fact]
    public void Up_merges_make_a_row_span()
    {
        var table = Parse("<fcel>Group<fcel>a<nl><ucel><fcel>b<nl><ucel><fcel>c<nl><fcel>Other<fcel>d<nl>");
        Assert.Equal((4, 2), (table.Rows, table.Columns));
        Assert.Equal(6, table.Cells.Count);
        Assert.Equal(3, table.Cells.Single(c => c.Text == "Group").RowSpan);
        Assert.Equal((3, 0), (table.Cells.Single(c => c.Text == "Other").Row, table.Cells.Single(c => c.Text == "Other").Column));
        Assert.Contains("<th rowspan=\"3\">Group</th>", Written("<fcel>Group<fcel>a<nl><ucel><fcel>b<nl><ucel><fcel>c<nl><fcel>Other<fcel>d<nl>"), StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_merges_make_a_block_spanning_rows_and_columns()
    {
        var table = Parse("<fcel>X<lcel><fcel>y<nl><ucel><xcel><fcel>z<nl><fcel>1<fcel>2<fcel>3<nl>");
        Assert.Equal(6, table.Cells.Count);
        var x = table.Cells[0];
        Assert.Equal((2, 2), (x.RowSpan, x.ColumnSpan));
        Assert.Equal((0f, 0f), (x.Bbox.Left, x.Bbox.Top));
        Assert.Equal(133.33, x.Bbox.Right, 2);
        Assert.Equal(66.67, x.Bbox.Bottom, 2);
        Assert.Equal((1, 2), (table.Cells.Single(c => c.Text == "z").Row, table.Cells.Single(c => c.Text == "z").Column));
    }

    [Fact]
    public void Cell_boxes_divide_the_region_evenly_and_short_rows_are_padded()
    {
        var table = Parse("<fcel>a<fcel>b<nl><fcel>c"); // the last row lacks <nl> and a cell
        Assert.Equal((2, 2), (table.Rows, table.Columns));
        Assert.Equal(4, table.Cells.Count);
        Assert.Equal(new Box(100, 50, 200, 100), table.Cells[3].Bbox);
        Assert.Equal(string.Empty, table.Cells[3].Text);
    }

    [Theory]
    [InlineData("<lcel><fcel>a<nl>", "merges with no cell")]
    [InlineData("<fcel>a<nl><fcel>b<nl><ucel><xcel><nl>", "merges with no cell")]
    [InlineData("<ucel><fcel>a<nl>", "merges with no cell")]
    [InlineData("Here is the table: <fcel>a<nl>", "text before")]
    [InlineData("<fcel>a<ecel>stray<nl>", "after <ecel>")]
    [InlineData("| a | b |", "no OTSL tags")]
    [InlineData("<nl><nl>", "no cells")]
    public void Broken_otsl_is_refused_with_the_reason(string answer, string reason)
    {
        Assert.False(OtslParser.TryParse(answer, Region, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
