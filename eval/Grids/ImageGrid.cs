using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Grids;

/// <summary>
/// Tiles equally sized images into one picture, row by row (StyleGAN2-ADA's save_image_grid; with padding, the
/// layout of torchvision's make_grid: <c>padding</c> pixels of background around and between cells), optionally
/// with text around the cells (<see cref="GridLabels"/>: a title, row and column labels, a caption per cell).
/// </summary>
public static class ImageGrid
{
    /// <summary>Tiles uint8 images [N, 3, H, W] into <paramref name="columns"/> columns and as many rows as needed.</summary>
    /// <param name="images">uint8 [N, 3, H, W], any device.</param>
    /// <param name="columns">Cells per row (≥ 1); rows = ⌈N / columns⌉ unless <paramref name="rows"/> is given.</param>
    /// <param name="rows">Rows (null = as many as needed); cells past N stay background.</param>
    /// <param name="padding">Background pixels around and between cells.</param>
    /// <param name="background">Grey level of the padding, of empty cells and behind labels (text is white on a dark
    /// background, black on a light one).</param>
    /// <param name="labels">Text around the cells (null = none: the picture is exactly the tiled images). Labelled
    /// tiles smaller than <see cref="GridLabels.MinTileSize"/> are enlarged by nearest neighbour.</param>
    public static RgbImage Tile(Tensor images, int columns, int? rows = null, int padding = 0, byte background = 0,
        GridLabels? labels = null)
    {
        if (images.Dim != 4 || images.Size(1) != 3 || images.DType != ScalarType.UInt8 || images.Size(0) < 1)
        {
            throw new ArgumentException(
                $"ImageGrid: expected uint8 images [N ≥ 1, 3, H, W], got {images.DType} [{string.Join(", ", images.Shape)}]");
        }
        var n = (int)images.Size(0);
        var (h, w) = ((int)images.Size(2), (int)images.Size(3));
        var r = rows ?? (n + columns - 1) / Math.Max(columns, 1);
        if (columns < 1 || r < 1 || (long)columns * r < n || padding < 0)
        {
            throw new ArgumentException($"ImageGrid: {columns} columns × {r} rows with padding {padding} cannot hold {n} images");
        }
        byte[] pixels;
        using (var scope = DisposeScope.Enter())
        {
            pixels = images.Permute(0, 2, 3, 1).Contiguous().Cpu().ToArray<byte>();  // [N, H, W, 3]
        }
        var layout = GridText.Layout(n, h, w, columns, r, padding, labels);
        var grid = new byte[(long)layout.Width * layout.Height * 3];
        Array.Fill(grid, background);
        var scale = layout.Scale;
        var row = new byte[layout.TileWidth * 3];
        for (var k = 0; k < n; ++k)
        {
            var (x0, y0) = layout.Tile(k);
            for (var y = 0; y < h; ++y)
            {
                var src = ((long)k * h + y) * w * 3;
                if (scale == 1)
                {
                    Array.Copy(pixels, src, grid, ((long)(y0 + y) * layout.Width + x0) * 3, w * 3);
                    continue;
                }
                // Nearest neighbour: each pixel of the source row repeated Scale times across, that row Scale times down.
                for (var x = 0; x < layout.TileWidth; ++x)
                {
                    Array.Copy(pixels, src + x / scale * 3, row, x * 3, 3);
                }
                for (var dy = 0; dy < scale; ++dy)
                {
                    Array.Copy(row, 0, grid, ((long)(y0 + y * scale + dy) * layout.Width + x0) * 3, row.Length);
                }
            }
        }
        if (labels != null)
        {
            GridText.Draw(grid, layout, labels, background);
        }
        return new RgbImage(layout.Width, layout.Height, grid);
    }

    /// <summary>The layout <see cref="Tile"/> gives <paramref name="n"/> images of <paramref name="h"/>×<paramref name="w"/>
    /// (where each tile, caption and label lands).</summary>
    public static GridLayout Layout(int n, int h, int w, int columns, int? rows = null, int padding = 0, GridLabels? labels = null) =>
        GridText.Layout(n, h, w, columns, rows ?? (n + columns - 1) / Math.Max(columns, 1), padding, labels);

    /// <summary>As <see cref="Tile"/> for generator output in [−1, 1], quantised as StyleGAN2-ADA does (x·127.5 + 128).</summary>
    public static RgbImage TileSigned(Tensor images, int columns, int? rows = null, int padding = 0, byte background = 0,
        GridLabels? labels = null)
    {
        using var scope = DisposeScope.Enter();
        return Tile(RgbImage.Quantize(images), columns, rows, padding, background, labels);
    }
}
