using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Grids;

/// <summary>
/// Tiles equally sized images into one picture, row by row (StyleGAN2-ADA's save_image_grid; with padding, the
/// layout of torchvision's make_grid: <c>padding</c> pixels of background around and between cells).
/// </summary>
public static class ImageGrid
{
    /// <summary>Tiles uint8 images [N, 3, H, W] into <paramref name="columns"/> columns and as many rows as needed.</summary>
    /// <param name="images">uint8 [N, 3, H, W], any device.</param>
    /// <param name="columns">Cells per row (≥ 1); rows = ⌈N / columns⌉ unless <paramref name="rows"/> is given.</param>
    /// <param name="rows">Rows (null = as many as needed); cells past N stay background.</param>
    /// <param name="padding">Background pixels around and between cells.</param>
    /// <param name="background">Grey level of the padding and of empty cells.</param>
    public static RgbImage Tile(Tensor images, int columns, int? rows = null, int padding = 0, byte background = 0)
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
        var width = columns * (w + padding) + padding;
        var height = r * (h + padding) + padding;
        var grid = new byte[(long)width * height * 3];
        Array.Fill(grid, background);
        for (var k = 0; k < n; ++k)
        {
            var (x0, y0) = (padding + k % columns * (w + padding), padding + k / columns * (h + padding));
            for (var y = 0; y < h; ++y)
            {
                Array.Copy(pixels, ((long)k * h + y) * w * 3, grid, ((long)(y0 + y) * width + x0) * 3, w * 3);
            }
        }
        return new RgbImage(width, height, grid);
    }

    /// <summary>As <see cref="Tile"/> for generator output in [−1, 1], quantised as StyleGAN2-ADA does (x·127.5 + 128).</summary>
    public static RgbImage TileSigned(Tensor images, int columns, int? rows = null, int padding = 0, byte background = 0)
    {
        using var scope = DisposeScope.Enter();
        return Tile(RgbImage.Quantize(images), columns, rows, padding, background);
    }
}
