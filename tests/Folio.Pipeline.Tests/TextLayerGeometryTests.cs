using Folio.Contracts;

namespace Folio.Pipeline.Tests;

/// <summary>The searchable PDF's geometry with numbers: words along their line, pixels to PDF space, EXIF orientations.</summary>
public sealed class TextLayerGeometryTests
{
    [Fact]
    public void Words_of_a_level_line_keep_their_boxes_and_carry_the_space_to_the_next_word()
    {
        var line = Line("alpha beta", [new(100, 50), new(300, 50), new(300, 80), new(100, 80)], Word("alpha", 100, 50, 180, 80), Word("beta", 200, 50, 300, 80));

        var placed = TextLayerGeometry.Place(line);

        Assert.Equal(2, placed.Count);
        Assert.Equal(new WordPlacement("alpha ", 100, 50, 0, 100, 30), placed[0]);
        Assert.Equal(new WordPlacement("beta", 200, 50, 0, 100, 30), placed[1]);
    }

    [Fact]
    public void A_turned_line_sets_its_words_at_its_angle_with_the_box_slack_taken_off()
    {
        // A line 300 px long and 20 px high turned 30° clockwise, with one word covering it end to end.
        double angle = Math.PI / 6, c = Math.Cos(angle), s = Math.Sin(angle);
        Point At(double along, double across) => new((float)(100 + (along * c) - (across * s)), (float)(200 + (along * s) + (across * c)));
        Point[] polygon = [At(0, 0), At(300, 0), At(300, 20), At(0, 20)];
        var box = Box.Around(polygon);
        var line = Line("turned", polygon, new Word("turned", box, 0.9f));

        var word = Assert.Single(TextLayerGeometry.Place(line));

        Assert.Equal(30, word.AngleDegrees, 3);
        Assert.Equal(20, word.Height, 2);
        Assert.Equal(300, word.Length, 1);
        Assert.Equal(100, word.X, 1);
        Assert.Equal(200, word.Y, 1);
    }

    [Fact]
    public void A_line_without_words_is_one_word_along_its_top_edge()
    {
        var line = Line("no words here", [new(10, 10), new(200, 10), new(200, 30), new(10, 30)]);

        Assert.Equal([new WordPlacement("no words here", 10, 10, 0, 190, 20)], TextLayerGeometry.Place(line));
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 792)] // the page's top-left pixel is the media box's top-left
    [InlineData(0, 1000, 647.0588235, 612, 396)] // the middle of the right edge
    [InlineData(90, 0, 0, 0, 0)] // turned a quarter clockwise: the shown top-left is the media box's bottom-left
    [InlineData(90, 1000, 0, 0, 792)] // the shown top-right is the media box's top-left
    [InlineData(180, 0, 0, 612, 0)]
    [InlineData(270, 0, 0, 612, 792)]
    public void Page_pixels_map_to_pdf_user_space_under_each_rotation(int rotate, double px, double py, double expectedX, double expectedYFromBottom)
    {
        // A 612 × 792 pt page rendered to 1000 px on the side shown horizontally.
        var (width, height) = rotate is 90 or 270 ? (1000.0, 1000 * 612 / 792.0) : (1000.0, 1000 * 792 / 612.0);
        var map = TextLayerGeometry.PixelsToPage(width, height, (0, 0, 612, 792), 792, rotate);

        var (x, y) = map.Apply(px, py);

        Assert.Equal(expectedX, x, 3);
        Assert.Equal(792 - expectedYFromBottom, y, 3); // XGraphics draws with y = 792 − Y
    }

    [Fact]
    public void A_crop_box_off_the_origin_moves_the_page()
    {
        var map = TextLayerGeometry.PixelsToPage(100, 200, (50, 100, 150, 300), 400, 0);

        Assert.Equal((50.0, 100.0), map.Apply(0, 0)); // crop top-left: X 50, Y 300, drawn at 400 − 300
        Assert.Equal((150.0, 300.0), map.Apply(100, 200));
    }

    [Fact]
    public void A_page_read_upside_down_has_its_boxes_turned_back()
    {
        var unturn = TextLayerGeometry.Unturn(180, 600, 800);

        Assert.Equal((590.0, 770.0), unturn.Apply(10, 30));
        Assert.Equal(Affine.Identity, TextLayerGeometry.Unturn(null, 600, 800));
    }

    [Theory]
    [InlineData(1, 0, 0, 0, 0)]
    [InlineData(2, 0, 0, 40, 0)]
    [InlineData(3, 0, 0, 40, 30)]
    [InlineData(4, 0, 0, 0, 30)]
    [InlineData(5, 40, 0, 0, 40)]
    [InlineData(6, 0, 0, 30, 0)] // turned a quarter clockwise to be upright: the stored top-left goes top-right
    [InlineData(7, 40, 30, 0, 0)]
    [InlineData(8, 0, 0, 0, 40)]
    public void Exif_orientations_put_the_stored_image_upright(int orientation, double x, double y, double expectedX, double expectedY)
    {
        // Stored 40 × 30; orientations 5–8 show it 30 × 40.
        Assert.Equal((expectedX, expectedY), TextLayerGeometry.ExifToUpright(orientation, 40, 30).Apply(x, y));
    }

    [Fact]
    public void Maps_compose_in_order()
    {
        var scale = new Affine(2, 0, 0, 3, 0, 0);
        var shift = new Affine(1, 0, 0, 1, 10, 20);

        Assert.Equal((12.0, 23.0), shift.After(scale).Apply(1, 1));
        Assert.Equal((22.0, 63.0), scale.After(shift).Apply(1, 1));
    }

    private static Line Line(string text, Point[] polygon, params Word[] words) =>
        new() { Text = text, Confidence = 0.9f, Polygon = polygon, Words = words };

    private static Word Word(string text, float left, float top, float right, float bottom) => new(text, new Box(left, top, right, bottom), 0.9f);
}
