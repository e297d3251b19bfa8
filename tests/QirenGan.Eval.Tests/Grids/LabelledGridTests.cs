using QirenGan.Eval.Grids;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Tests.Grids;

[Collection(TorchCollection.Name)]
public sealed class LabelledGridTests
{
    private const int N = 5, H = 6, W = 8, Columns = 3, Pad = 2;
    private const byte Background = 20;

    private static readonly GridLabels Everything = new()
    {
        Title = "fakes at 12 kimg",
        Cells = ["seed 1", "seed 2", "seed 30", "seed 400", "seed 5"],
        Rows = ["1 → 2", "30 → 5"],
        Columns = ["t=0.00", "t=0.50", "t=1.00"],
        MinTileSize = 32,
    };

    /// <summary>Pixel (c, y, x) of image k: 40k + 9c + 5y + x (all distinct per image and channel).</summary>
    private static byte Source(int k, int c, int y, int x) => (byte)(40 * k + 9 * c + 5 * y + x);

    private static RgbImage Grid(GridLabels labels)
    {
        using var scope = DisposeScope.Enter();
        var values = new byte[N * 3 * H * W];
        for (var k = 0; k < N; ++k)
            for (var c = 0; c < 3; ++c)
                for (var y = 0; y < H; ++y)
                    for (var x = 0; x < W; ++x)
                        values[((k * 3 + c) * H + y) * W + x] = Source(k, c, y, x);
        return ImageGrid.Tile(Tensors.FromArray(values, [N, 3, H, W]), Columns, padding: Pad, background: Background, labels: labels);
    }

    [Fact]
    public void Labelled_tiles_are_nearest_neighbour_enlargements_at_integer_scale()
    {
        // Given 6×8 images, tiles of at least 32 pixels: scale ⌈32 / 6⌉ = 6, tiles 36×48
        var grid = Grid(Everything);
        var layout = ImageGrid.Layout(N, H, W, Columns, padding: Pad, labels: Everything);

        Assert.Equal((6, 48, 36), (layout.Scale, layout.TileWidth, layout.TileHeight));
        Assert.Equal((layout.Width, layout.Height), (grid.Width, grid.Height));
        for (var k = 0; k < N; ++k)
        {
            var (x0, y0) = layout.Tile(k);
            for (var y = 0; y < layout.TileHeight; ++y)
                for (var x = 0; x < layout.TileWidth; ++x)
                    for (var c = 0; c < 3; ++c)
                        Assert.Equal(Source(k, c, y / 6, x / 6), grid.Pixels[((y0 + y) * grid.Width + x0 + x) * 3 + c]);
        }
    }

    [Fact]
    public void Text_is_drawn_in_every_label_band_and_nowhere_else()
    {
        var grid = Grid(Everything);
        var layout = ImageGrid.Layout(N, H, W, Columns, padding: Pad, labels: Everything);
        bool InTile(int x, int y) => Enumerable.Range(0, N).Any(k =>
            layout.Tile(k) is var (tx, ty) && x >= tx && x < tx + layout.TileWidth && y >= ty && y < ty + layout.TileHeight);
        bool InCaption(int x, int y) => Enumerable.Range(0, N).Any(k =>
            layout.Tile(k) is var (tx, ty) && x >= tx && x < tx + layout.TileWidth && y >= ty + layout.TileHeight && y < ty + layout.TileHeight + layout.CaptionHeight);
        bool Ink(int x, int y) => Enumerable.Range(0, 3).Any(c => grid.Pixels[(y * grid.Width + x) * 3 + c] != Background);

        // Then outside the tiles, ink appears only in the title and column-label lines, the row-label margin and the captions
        Assert.True(layout.TitleHeight > 0 && layout.ColumnLabelHeight > 0 && layout.RowLabelWidth > 0 && layout.CaptionHeight > 0);
        for (var y = 0; y < grid.Height; ++y)
            for (var x = 0; x < grid.Width; ++x)
                if (!InTile(x, y) && Ink(x, y))
                    Assert.True(y < layout.Top || x < layout.RowLabelWidth || InCaption(x, y), $"stray ink at ({x}, {y})");

        // And every band holds text: the title, each column label, each row label, each caption
        int InkIn(int x0, int y0, int w, int h) =>
            Enumerable.Range(y0, h).Sum(y => Enumerable.Range(x0, w).Count(x => Ink(x, y)));
        Assert.True(InkIn(0, 0, grid.Width, layout.TitleHeight) > 20, "title");
        for (var c = 0; c < Columns; ++c)
            Assert.True(InkIn(layout.Tile(c).X, layout.TitleHeight, layout.TileWidth, layout.ColumnLabelHeight) > 10, $"column {c}");
        for (var r = 0; r < 2; ++r)
            Assert.True(InkIn(0, layout.Tile(r * Columns).Y, layout.RowLabelWidth, layout.TileHeight) > 10, $"row {r}");
        for (var k = 0; k < N; ++k)
            Assert.True(InkIn(layout.Tile(k).X, layout.Tile(k).Y + layout.TileHeight, layout.TileWidth, layout.CaptionHeight) > 10, $"caption {k}");
    }

    [Fact]
    public void Different_captions_draw_different_pixels_and_equal_ones_the_same()
    {
        var labels = Everything with { Cells = ["seed 1", "seed 2", "seed 1", "seed 7", "seed 8"] };
        var grid = Grid(labels);
        var layout = ImageGrid.Layout(N, H, W, Columns, padding: Pad, labels: labels);
        byte[] Caption(int k)
        {
            var (x0, y0) = layout.Tile(k);
            return [.. Enumerable.Range(y0 + layout.TileHeight, layout.CaptionHeight)
                .SelectMany(y => grid.Pixels.AsSpan(((y * grid.Width) + x0) * 3, layout.TileWidth * 3).ToArray())];
        }

        Assert.Equal(Caption(0), Caption(2));
        Assert.NotEqual(Caption(0), Caption(1));
    }

    [Fact]
    public void A_title_alone_keeps_tiles_at_their_size()
    {
        var labels = new GridLabels { Title = "fakes at 0 kimg" };
        var grid = Grid(labels);
        var layout = ImageGrid.Layout(N, H, W, Columns, padding: Pad, labels: labels);

        Assert.Equal(1, layout.Scale);
        Assert.Equal((Columns * (W + Pad) + Pad, layout.TitleHeight + 2 * (H + Pad) + Pad), (grid.Width, grid.Height));
    }

    [Fact]
    public void Label_counts_must_match_the_grid()
    {
        var e = Assert.Throws<ArgumentException>(() => Grid(Everything with { Rows = ["only one"] }));
        Assert.Contains("1 row labels for 2 rows", e.Message);
        e = Assert.Throws<ArgumentException>(() => Grid(GridLabels.ForSeeds([1, 2])));
        Assert.Contains("2 cell captions for 5 images", e.Message);
    }
}
