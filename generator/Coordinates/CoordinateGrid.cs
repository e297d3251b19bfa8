using QirenGan.Torch;

namespace QirenGan.Generator.Coordinates;

/// <summary>
/// Pixel coordinates of the official QIREN / INR-GAN grid: along an axis of R samples r_j = 2j/R − 1
/// (j = 0..R−1), so the even samples of a 2R grid are exactly the R grid and a render at 2R is a true
/// super-resolution of a model trained at R.
/// </summary>
public static class CoordinateGrid
{
    /// <summary>The R coordinates 2j/R − 1 of one axis, as doubles.</summary>
    public static double[] Axis(int samples)
    {
        if (samples < 1)
        {
            throw new ArgumentException($"CoordinateGrid: an axis needs at least one sample, got {samples}");
        }
        return Enumerable.Range(0, samples).Select(j => 2.0 * j / samples - 1).ToArray();
    }

    /// <summary>float32 [H·W, 2], row-major (y outer, x inner), columns (x, y).</summary>
    public static Tensor Create(int height, int width, Device? device = null) => Grid(Axis(height), Axis(width), device);

    /// <summary>The 2-d grid of two axes: float32 [H·W, 2], row-major (y outer, x inner), columns (x, y).</summary>
    private static Tensor Grid(double[] ys, double[] xs, Device? device)
    {
        var data = new float[(long)ys.Length * xs.Length * 2];
        var i = 0;
        foreach (var y in ys)
        {
            foreach (var x in xs)
            {
                data[i++] = (float)x;
                data[i++] = (float)y;
            }
        }
        return Tensors.FromArray(data, [(long)ys.Length * xs.Length, 2], device);
    }

    /// <summary>
    /// The R coordinates −1 + 2j/(R − 1) of one axis (torch.linspace(−1, 1, R): both ends included), the grid of
    /// the official QIREN and SIREN signal experiments; one sample sits at 0.
    /// </summary>
    public static double[] LinspaceAxis(int samples)
    {
        if (samples < 1)
        {
            throw new ArgumentException($"CoordinateGrid: an axis needs at least one sample, got {samples}");
        }
        return samples == 1 ? [0.0] : Enumerable.Range(0, samples).Select(j => -1 + 2.0 * j / (samples - 1)).ToArray();
    }

    /// <summary>float32 [H·W, 2] on the linspace grid, row-major (y outer, x inner), columns (x, y).</summary>
    public static Tensor Linspace(int height, int width, Device? device = null) =>
        Grid(LinspaceAxis(height), LinspaceAxis(width), device);

    /// <summary>float32 [length, 1] time coordinates on the linspace grid.</summary>
    public static Tensor Linspace1d(int length, Device? device = null) =>
        Tensors.FromArray(LinspaceAxis(length).Select(v => (float)v).ToArray(), [length, 1L], device);

    /// <summary>float32 [length, 1] time coordinates 2j/length − 1 of a 1-d signal (audio).</summary>
    public static Tensor Create1d(int length, Device? device = null) =>
        Tensors.FromArray(Axis(length).Select(v => (float)v).ToArray(), [length, 1L], device);
}
