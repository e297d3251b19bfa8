using System.Globalization;
using System.Net;
using System.Text;
using QirenGan.Eval.Grids;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Reports;

/// <summary>
/// A log-ratio spectrum ln(P_fake(k)/P_real(k)) as a picture: the centred frequency plane (k = 0 in the middle,
/// k_x to the right, k_y up, as <see cref="Metrics.SpectralBins"/> measures orientation) in a diverging colour scale —
/// red where generated images carry more power than real ones, blue where less, white where equal — symmetric
/// around 0 so that colour means the same thing on both sides (ColorBrewer's RdBu, 5 stops).
/// </summary>
public static class SpectrumHeatMap
{
    /// <summary>The smallest colour range ±L: maps of pure sampling noise (|ln ratio| of a few hundredths) stay pale.</summary>
    public const double MinScale = 0.05;

    /// <summary>Side of the rendered map in pixels at least (small planes are enlarged by nearest neighbour).</summary>
    public const int MinPixels = 256;

    private static readonly (double T, byte R, byte G, byte B)[] Stops =
    [
        (-1.0, 0x21, 0x66, 0xac),
        (-0.5, 0x92, 0xc5, 0xde),
        (0.0, 0xf7, 0xf7, 0xf7),
        (0.5, 0xf4, 0xa5, 0x82),
        (1.0, 0xb2, 0x18, 0x2b),
    ];

    /// <summary>The colour of <paramref name="t"/> ∈ [−1, 1] (clamped; NaN is white).</summary>
    public static (byte R, byte G, byte B) Color(double t) => DivergingColorMap.Interpolate(Stops, t);

    /// <summary>The colour range L: the largest |value| of the map (DC and non-finite values ignored), at least <see cref="MinScale"/>.</summary>
    public static double ScaleOf(double[] map)
    {
        var size = Side(map);
        var dc = size / 2 * size + size / 2;
        return Math.Max(MinScale, map.Where((v, i) => i != dc && double.IsFinite(v)).Select(Math.Abs).DefaultIfEmpty(0).Max());
    }

    /// <summary>The map alone, every frequency a zoom×zoom block with zoom = ⌈256/R⌉, coloured over ±<paramref name="scale"/>.</summary>
    public static RgbImage Render(double[] map, double scale)
    {
        var size = Side(map);
        var zoom = Math.Max(1, (MinPixels + size - 1) / size);
        var side = size * zoom;
        var pixels = new byte[side * side * 3];
        for (var y = 0; y < side; ++y)
        {
            for (var x = 0; x < side; ++x)
            {
                var (r, g, b) = Color(map[y / zoom * size + x / zoom] / scale);
                var p = (y * side + x) * 3;
                (pixels[p], pixels[p + 1], pixels[p + 2]) = (r, g, b);
            }
        }
        return new RgbImage(side, side, pixels);
    }

    /// <summary>
    /// The map with a title and, under it, a colour bar from −L to +L and a caption stating the scale: the PNG the
    /// metrics verb writes.
    /// </summary>
    public static RgbImage Picture(double[] map, string title)
    {
        var scale = ScaleOf(map);
        var heat = Render(map, scale);
        const int gap = 6, bar = 14;
        var (w, h) = (heat.Width, heat.Height + gap + bar);
        var pixels = Enumerable.Repeat((byte)255, w * h * 3).ToArray();
        heat.Pixels.CopyTo(pixels, 0);
        for (var x = 0; x < w; ++x)
        {
            var (r, g, b) = Color(2.0 * x / (w - 1) - 1);
            for (var y = heat.Height + gap; y < h; ++y)
            {
                var p = (y * w + x) * 3;
                (pixels[p], pixels[p + 1], pixels[p + 2]) = (r, g, b);
            }
        }
        var c = CultureInfo.InvariantCulture;
        var caption = $"bar: ln ratio −{scale.ToString("0.###", c)} (blue) … 0 … +{scale.ToString("0.###", c)} (red)";
        using var scope = DisposeScope.Enter();
        var tile = Tensors.FromArray(pixels, [1, h, w, 3]).Permute(0, 3, 1, 2).Contiguous();  // [1, 3, H, W]
        return ImageGrid.Tile(tile, 1, padding: 4, background: 255, labels: new GridLabels { Title = title, Cells = [caption], FontSize = 13 });
    }

    /// <summary>An SVG colour bar of <paramref name="width"/> px for ±<paramref name="scale"/>, ticked at −L, −L/2, 0, L/2, L.</summary>
    public static string Legend(double scale, int width)
    {
        var svg = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"50\" viewBox=\"0 0 {width} 50\" role=\"img\" aria-label=\"colour scale\">");
        svg.Append("<defs><linearGradient id=\"spectrum-scale\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">");
        foreach (var (t, r, g, b) in Stops)
        {
            svg.Append(c, $"<stop offset=\"{(t + 1) / 2:0.##}\" stop-color=\"#{r:x2}{g:x2}{b:x2}\"/>");
        }
        svg.Append("</linearGradient></defs>");
        const int margin = 24;
        svg.Append(c, $"<rect x=\"{margin}\" y=\"4\" width=\"{width - 2 * margin}\" height=\"14\" fill=\"url(#spectrum-scale)\" stroke=\"#888888\"/>");
        foreach (var t in new[] { -1.0, -0.5, 0, 0.5, 1 })
        {
            var x = margin + (t + 1) / 2 * (width - 2 * margin);
            svg.Append(c, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"18\" y2=\"22\" stroke=\"#444444\"/>");
            svg.Append(c, $"<text x=\"{x:0.#}\" y=\"34\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\">{(t * scale).ToString("+0.###;−0.###;0", c)}</text>");
        }
        svg.Append(c, $"<text x=\"{width / 2}\" y=\"47\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"10\" fill=\"#555555\">{WebUtility.HtmlEncode("ln(P_fake / P_real): blue = less power than the reals, red = more")}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static int Side(double[] map)
    {
        var size = (int)Math.Round(Math.Sqrt(map.Length));
        return size >= 1 && size * size == map.Length
            ? size
            : throw new ArgumentException($"SpectrumHeatMap: {map.Length} values are not a square frequency plane");
    }
}
