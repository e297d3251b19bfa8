using QirenGan.Torch;

namespace QirenGan.Eval.Grids;

/// <summary>
/// A diverging colour map for signed values (matplotlib's "RdBu_r", ColorBrewer RdBu reversed): the low end blue,
/// the middle white, the high end red, linear in between, so zero and the sign of a feature read at a glance.
/// </summary>
public static class DivergingColorMap
{
    /// <summary>ColorBrewer RdBu (11 classes), from the low end (t = −1) to the high end (t = +1), 0.2 apart.</summary>
    private static readonly (double T, byte R, byte G, byte B)[] Anchors =
    [
        (-1.0, 5, 48, 97), (-0.8, 33, 102, 172), (-0.6, 67, 147, 195), (-0.4, 146, 197, 222), (-0.2, 209, 229, 240),
        (0.0, 247, 247, 247), (0.2, 253, 219, 199), (0.4, 244, 165, 130), (0.6, 214, 96, 77), (0.8, 178, 24, 43),
        (1.0, 103, 0, 31),
    ];

    /// <summary>The colour of <paramref name="value"/> on [<paramref name="low"/>, <paramref name="high"/>] (clamped; NaN → the middle).</summary>
    public static (byte R, byte G, byte B) Color(double value, double low = -1, double high = 1) =>
        Interpolate(Anchors, double.IsNaN(value) ? 0 : 2 * (value - low) / (high - low) - 1);

    /// <summary>
    /// Piecewise-linear colour between <paramref name="stops"/> (ascending T) at <paramref name="t"/>, clamped to
    /// the first and last stop; NaN reads as 0 (the middle of a diverging scale).
    /// </summary>
    public static (byte R, byte G, byte B) Interpolate(IReadOnlyList<(double T, byte R, byte G, byte B)> stops, double t)
    {
        t = double.IsNaN(t) ? 0 : Math.Clamp(t, stops[0].T, stops[^1].T);
        var i = 0;
        while (i < stops.Count - 2 && t > stops[i + 1].T)
        {
            ++i;
        }
        var (a, b) = (stops[i], stops[i + 1]);
        var f = (t - a.T) / (b.T - a.T);
        static byte Mix(byte x, byte y, double f) => (byte)Math.Round(x + (y - x) * f);
        return (Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
    }

    /// <summary>Maps [N, H, W] values (any float type, any device) to uint8 RGB images [N, 3, H, W] on the CPU, for <see cref="ImageGrid.Tile"/>.</summary>
    public static Tensor Apply(Tensor values, double low = -1, double high = 1)
    {
        if (values.Dim != 3 || !(high > low))
        {
            throw new ArgumentException(
                $"DivergingColorMap: expected values [N, H, W] and low < high, got [{string.Join(", ", values.Shape)}] on [{low}, {high}]");
        }
        var (n, h, w) = (values.Size(0), values.Size(1), values.Size(2));
        float[] v;
        using (var scope = DisposeScope.Enter())
        {
            v = values.Float().Cpu().Contiguous().ToArray<float>();
        }
        var plane = h * w;
        var rgb = new byte[v.Length * 3];
        for (long k = 0; k < v.Length; ++k)
        {
            var (r, g, b) = Color(v[k], low, high);
            var image = k / plane;
            var offset = image * 3 * plane + k % plane;     // [N, 3, H, W]
            rgb[offset] = r;
            rgb[offset + plane] = g;
            rgb[offset + 2 * plane] = b;
        }
        return Tensors.FromArray(rgb, [n, 3, h, w]);
    }
}
