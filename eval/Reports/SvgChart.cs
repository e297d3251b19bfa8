using System.Globalization;
using System.Net;
using System.Text;

namespace QirenGan.Eval.Reports;

/// <summary>One line of a chart: (x, y) points in x order; non-finite values are skipped.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="Points">The points.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// A line chart as inline SVG, written by hand (no JavaScript, no fonts or files from the network): axes with
/// 1-2-5 ticks, one polyline per series (a dot where a series has a single point), a legend and a title.
/// </summary>
public static class SvgChart
{
    public const int Width = 560;
    public const int Height = 280;
    /// <summary>Margins of the plot area; the band above it holds the title (y 20) and one row of legend (y 26–40).</summary>
    public const int Left = 64, Right = 16, Top = 48, Bottom = 40;

    private const int LegendRow = 14, LegendTop = 28;

    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The SVG element, or a short note in its place when no series has a finite point.</summary>
    public static string Render(string title, string xLabel, IReadOnlyList<ChartSeries> series)
    {
        var finite = series
            .Select(s => s with { Points = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).OrderBy(p => p.X).ToList() })
            .Where(s => s.Points.Count > 0)
            .ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\" stroke=\"#cccccc\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"20\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"14\" font-weight=\"bold\">{Encode(title)}</text>");
        if (finite.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#888888\">no data yet</text></svg>");
            return svg.ToString();
        }
        var legend = LegendLayout(finite.Select(s => s.Name).ToList());
        var top = Top + LegendRow * legend.Max(l => l.Row); // more rows of legend push the plot down
        var (x0, x1) = Range(finite.SelectMany(s => s.Points).Select(p => p.X));
        var (y0, y1) = Range(finite.SelectMany(s => s.Points).Select(p => p.Y));
        var xTicks = Ticks(x0, x1);
        var yTicks = Ticks(y0, y1);
        (x0, x1) = (Math.Min(x0, xTicks[0]), Math.Max(x1, xTicks[^1]));
        (y0, y1) = (Math.Min(y0, yTicks[0]), Math.Max(y1, yTicks[^1]));
        double Px(double x) => Left + (x - x0) / (x1 - x0) * (Width - Left - Right);
        double Py(double y) => Height - Bottom - (y - y0) / (y1 - y0) * (Height - top - Bottom);

        foreach (var t in yTicks)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Py(t))}\" y2=\"{F(Py(t))}\" stroke=\"#eeeeee\"/>" +
                $"<text x=\"{Left - 6}\" y=\"{F(Py(t) + 4)}\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"11\">{Label(t)}</text>");
        }
        foreach (var t in xTicks)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{F(Px(t))}\" x2=\"{F(Px(t))}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom + 4}\" stroke=\"#444444\"/>" +
                $"<text x=\"{F(Px(t))}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\">{Label(t)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\" stroke=\"#444444\"/>" +
            $"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{top}\" y2=\"{Height - Bottom}\" stroke=\"#444444\"/>" +
            $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"12\">{Encode(xLabel)}</text>");
        for (var i = 0; i < finite.Count; ++i)
        {
            var color = Colors[i % Colors.Length];
            var points = finite[i].Points;
            if (points.Count == 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(Px(points[0].X))}\" cy=\"{F(Py(points[0].Y))}\" r=\"3.5\" fill=\"{color}\"/>");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.6\" points=\"");
                svg.AppendJoin(' ', points.Select(p => $"{F(Px(p.X))},{F(Py(p.Y))}"));
                svg.Append("\"/>");
            }
        }
        // The legend is a row above the plot area, never over the lines (a corner legend hid the end of the G loss).
        for (var i = 0; i < finite.Count; ++i)
        {
            var (x, row) = legend[i];
            var ly = LegendTop + LegendRow * row;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{F(x)}\" y=\"{ly + 3}\" width=\"12\" height=\"3\" fill=\"{Colors[i % Colors.Length]}\"/>" +
                $"<text x=\"{F(x + 16)}\" y=\"{ly + 9}\" font-family=\"sans-serif\" font-size=\"11\">{Encode(finite[i].Name)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// Left-aligned legend entries (swatch, name) from the plot's left edge, wrapping to a new row when the next entry
    /// would pass the right edge; widths from an average sans-serif glyph of 6.5 px at 11 px.
    /// </summary>
    private static List<(double X, int Row)> LegendLayout(IReadOnlyList<string> names)
    {
        var layout = new List<(double X, int Row)>();
        double x = Left;
        var row = 0;
        foreach (var name in names)
        {
            var width = 16 + 6.5 * name.Length + 14;
            if (x > Left && x + width > Width - Right)
            {
                (x, row) = (Left, row + 1);
            }
            layout.Add((x, row));
            x += width;
        }
        return layout;
    }

    /// <summary>Tick values at multiples of 1, 2 or 5 × 10^k, from at or below lo to at or above hi, about five intervals.</summary>
    public static double[] Ticks(double lo, double hi)
    {
        var span = hi - lo;
        var raw = span / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw * (1 - 1e-9));
        var first = (long)Math.Floor(lo / step + 1e-9);
        var last = Math.Max((long)Math.Ceiling(hi / step - 1e-9), first + 1);
        return Enumerable.Range(0, (int)(last - first + 1)).Select(i => (first + i) * step).ToArray();
    }

    /// <summary>Data range, widened around a single value so the axis has extent.</summary>
    private static (double Lo, double Hi) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        var (lo, hi) = (list.Min(), list.Max());
        if (hi - lo <= Math.Max(Math.Abs(hi), 1) * 1e-12)
        {
            var pad = Math.Max(Math.Abs(hi) * 0.1, 1e-3);
            return (lo - pad, hi + pad);
        }
        return (lo, hi);
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Label(double v) => v.ToString(Math.Abs(v) >= 1e5 || (v != 0 && Math.Abs(v) < 1e-3) ? "0.##e0" : "0.####", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
