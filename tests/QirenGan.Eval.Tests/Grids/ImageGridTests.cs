using QirenGan.Eval.Grids;

namespace QirenGan.Eval.Tests.Grids;

[Collection(TorchCollection.Name)]
public sealed class ImageGridTests
{
    [Fact]
    public void Images_land_in_row_major_cells_with_padding_around_and_between()
    {
        // Given 5 images of 3×2 (H×W) whose pixel (c, y, x) = 50k + 10c + 3y + x, tiled in 3 columns with padding 1
        using var scope = DisposeScope.Enter();
        const int n = 5, h = 3, w = 2, columns = 3, pad = 1;
        var values = new byte[n * 3 * h * w];
        for (var k = 0; k < n; ++k)
            for (var c = 0; c < 3; ++c)
                for (var y = 0; y < h; ++y)
                    for (var x = 0; x < w; ++x)
                        values[((k * 3 + c) * h + y) * w + x] = (byte)(50 * k + 10 * c + 3 * y + x);

        var grid = ImageGrid.Tile(Tensors.FromArray(values, [n, 3, h, w]), columns, padding: pad, background: 255);

        // Then the grid is 3·(2+1)+1 = 10 wide and 2·(3+1)+1 = 9 high, and every pixel is an image's or background
        Assert.Equal((10, 9), (grid.Width, grid.Height));
        for (var gy = 0; gy < grid.Height; ++gy)
        {
            for (var gx = 0; gx < grid.Width; ++gx)
            {
                var col = Math.DivRem(gx - pad, w + pad, out var x);
                var row = Math.DivRem(gy - pad, h + pad, out var y);
                var k = row * columns + col;
                var inside = gx >= pad && gy >= pad && x < w && y < h && k < n;
                for (var c = 0; c < 3; ++c)
                {
                    var expected = inside ? (byte)(50 * k + 10 * c + 3 * y + x) : (byte)255;
                    Assert.Equal(expected, grid.Pixels[(gy * grid.Width + gx) * 3 + c]);
                }
            }
        }
    }

    [Fact]
    public void Signed_images_are_quantised_like_stylegan()
    {
        using var scope = DisposeScope.Enter();
        var images = Tensors.FromArray(new float[] { -1, 0, 1, 0.5f, -1, -1 }, [2, 3, 1, 1]);

        var grid = ImageGrid.TileSigned(images, columns: 2);

        // x·127.5 + 128 clamped: −1 → 0.5 → 0, 0 → 128, 1 → 255.5 → 255, 0.5 → 191.75 → 191.
        Assert.Equal(new byte[] { 0, 128, 255, 191, 0, 0 }, grid.Pixels);
    }

    [Fact]
    public void Too_few_cells_are_rejected()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<ArgumentException>(() => ImageGrid.Tile(Tensors.Zeros([5, 3, 2, 2], ScalarType.UInt8), 2, rows: 2));
        Assert.Contains("cannot hold 5 images", e.Message);
    }
}
