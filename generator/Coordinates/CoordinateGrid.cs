using QirenGan.Torch;

namespace QirenGan.Generator.Coordinates;

/// <summary>
/// Pixel coordinates in the official QIREN/INR-GAN convention r_j = 2j/R − 1, so the even points of a 2R grid
/// are exactly the R grid: a 2× render of a model trained at R is a true super-resolution.
/// </summary>
public static class CoordinateGrid
{
    /// <summary>[H·W, 2] float32, rows y-major then x, columns (x, y).</summary>
    public static Tensor Create(int height, int width, Device? device = null)
    {
        if (height < 1 || width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"grid must be at least 1×1, got {height}×{width}");
        }
        var data = new float[height * width * 2];
        for (var y = 0; y < height; ++y)
        {
            for (var x = 0; x < width; ++x)
            {
                var i = (y * width + x) * 2;
                data[i] = (float)(2.0 * x / width - 1);
                data[i + 1] = (float)(2.0 * y / height - 1);
            }
        }
        return Tensors.FromArray(data, [height * width, 2L], device);
    }
}
