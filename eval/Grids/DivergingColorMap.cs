using QirenGan.Torch;

namespace QirenGan.Eval.Grids;

/// <summary>
/// A diverging colour map for signed values (matplotlib's "RdBu_r", ColorBrewer RdBu reversed): the low end blue,
/// the middle white, the high end red, linear in between, so zero and the sign of a feature read at a glance.
/// </summary>
public static class DivergingColorMap
{
    /// <summary>ColorBrewer RdBu (11 classes), from the low end to the high end.</summary>
    private static readonly byte[][] Anchors =
    [
        [5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240], [247, 247, 247],
        [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43], [103, 0, 31],
    ];

    /// <summary>The colour of <paramref name="value"/> on [<paramref name="low"/>, <paramref name="high"/>] (clamped; NaN → the middle).</summary>
    public static (byte R, byte G, byte B) Color(double value, double low = -1, double high = 1)
    {
        var t = double.IsNaN(value) ? 0.5 : Math.Clamp((value - low) / (high - low), 0, 1);
        var x = t * (Anchors.Length - 1);
        var i = Math.Min((int)x, Anchors.Length - 2);
        var f = x - i;
        byte Mix(int channel) => (byte)Math.Round(Anchors[i][channel] + f * (Anchors[i + 1][channel] - Anchors[i][channel]));
        return (Mix(0), Mix(1), Mix(2));
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
