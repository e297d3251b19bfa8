using QirenGan.Torch.Imaging;

namespace QirenGan.Training.Data.Faces;

/// <summary>A signed distance (negative inside) at a point of the canvas, in canvas units.</summary>
public delegate double Sdf(double x, double y);

/// <summary>
/// A square canvas with coordinates x, y ∈ [−1, 1] (y down) painted with shapes given as signed distance functions.
/// Coverage of each pixel is clamp(½ − d/w, 0, 1) with w one pixel (or a wider softness): analytic anti-aliasing
/// with one evaluation per pixel, which keeps edges smooth at 32 px.
/// </summary>
public sealed class Canvas
{
    private readonly double[] _rgb;

    public Canvas(int resolution)
    {
        Resolution = resolution;
        _rgb = new double[resolution * resolution * 3];
        Pixel = 2.0 / resolution;
    }

    public int Resolution { get; }

    /// <summary>Side of one pixel in canvas units.</summary>
    public double Pixel { get; }

    /// <summary>Paints every pixel with <paramref name="color"/>(x, y).</summary>
    public void Background(Func<double, double, Rgb> color)
    {
        for (var j = 0; j < Resolution; ++j)
        {
            for (var i = 0; i < Resolution; ++i)
            {
                var c = color(Coordinate(i), Coordinate(j));
                Set(i, j, c);
            }
        }
    }

    /// <summary>
    /// Blends <paramref name="color"/> over the shape <paramref name="sdf"/> with opacity <paramref name="opacity"/>,
    /// edges blurred over <paramref name="softness"/> canvas units (0 = one pixel); only pixels within
    /// <paramref name="bounds"/> (x0, y0, x1, y1) are visited.
    /// </summary>
    public void Fill(Sdf sdf, Func<double, double, Rgb> color, (double X0, double Y0, double X1, double Y1) bounds,
        double opacity = 1, double softness = 0)
    {
        var width = Math.Max(Pixel, softness);
        int i0 = Index(bounds.X0 - width), i1 = Index(bounds.X1 + width);
        int j0 = Index(bounds.Y0 - width), j1 = Index(bounds.Y1 + width);
        for (var j = j0; j <= j1; ++j)
        {
            for (var i = i0; i <= i1; ++i)
            {
                double x = Coordinate(i), y = Coordinate(j);
                var alpha = Math.Clamp(0.5 - sdf(x, y) / width, 0, 1) * opacity;
                if (alpha <= 0)
                {
                    continue;
                }
                var c = color(x, y);
                var k = (j * Resolution + i) * 3;
                _rgb[k] += (c.R - _rgb[k]) * alpha;
                _rgb[k + 1] += (c.G - _rgb[k + 1]) * alpha;
                _rgb[k + 2] += (c.B - _rgb[k + 2]) * alpha;
            }
        }
    }

    /// <summary>Fill with a flat colour.</summary>
    public void Fill(Sdf sdf, Rgb color, (double X0, double Y0, double X1, double Y1) bounds, double opacity = 1,
        double softness = 0) => Fill(sdf, (_, _) => color, bounds, opacity, softness);

    /// <summary>The 8-bit image (rounded, clamped).</summary>
    public RgbImage ToImage()
    {
        var pixels = new byte[_rgb.Length];
        for (var k = 0; k < pixels.Length; ++k)
        {
            pixels[k] = (byte)Math.Clamp(Math.Round(_rgb[k] * 255), 0, 255);
        }
        return new RgbImage(Resolution, Resolution, pixels);
    }

    private double Coordinate(int index) => (index + 0.5) * Pixel - 1;

    private int Index(double coordinate) => Math.Clamp((int)Math.Floor((coordinate + 1) / Pixel), 0, Resolution - 1);

    private void Set(int i, int j, Rgb c)
    {
        var k = (j * Resolution + i) * 3;
        (_rgb[k], _rgb[k + 1], _rgb[k + 2]) = (c.R, c.G, c.B);
    }
}

/// <summary>Signed distance functions of the shapes faces are made of, and their combinations.</summary>
public static class Shapes
{
    /// <summary>
    /// Ellipse centred at (cx, cy) with radii (rx, ry), rotated by <paramref name="angle"/> radians; the distance is
    /// Quílez's first-order estimate k0(k0 − 1)/k1, exact on the boundary's normal direction to first order.
    /// </summary>
    public static Sdf Ellipse(double cx, double cy, double rx, double ry, double angle = 0)
    {
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        return (x, y) =>
        {
            double dx = x - cx, dy = y - cy;
            double u = cos * dx + sin * dy, v = -sin * dx + cos * dy;
            double k0 = Math.Sqrt(u * u / (rx * rx) + v * v / (ry * ry));
            double k1 = Math.Sqrt(u * u / (rx * rx * rx * rx) + v * v / (ry * ry * ry * ry));
            return k1 < 1e-12 ? -Math.Min(rx, ry) : k0 * (k0 - 1) / k1;
        };
    }

    /// <summary>Circle of radius r.</summary>
    public static Sdf Circle(double cx, double cy, double r) => (x, y) => Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) - r;

    /// <summary>Axis-aligned rectangle with rounded corners of radius <paramref name="round"/>.</summary>
    public static Sdf Box(double cx, double cy, double hx, double hy, double round = 0) => (x, y) =>
    {
        double qx = Math.Abs(x - cx) - hx + round, qy = Math.Abs(y - cy) - hy + round;
        return Math.Sqrt(Math.Max(qx, 0) * Math.Max(qx, 0) + Math.Max(qy, 0) * Math.Max(qy, 0)) + Math.Min(Math.Max(qx, qy), 0) - round;
    };

    /// <summary>The region above the parabola y = y0 + k·(x − cx)² (negative above).</summary>
    public static Sdf Above(double cx, double y0, double k) => (x, y) => (y - (y0 + k * (x - cx) * (x - cx))) / Math.Sqrt(1 + 4 * k * k * (x - cx) * (x - cx));

    /// <summary>A ring of half-thickness <paramref name="t"/> around the boundary of <paramref name="a"/>.</summary>
    public static Sdf Outline(Sdf a, double t) => (x, y) => Math.Abs(a(x, y)) - t;

    public static Sdf Union(Sdf a, Sdf b) => (x, y) => Math.Min(a(x, y), b(x, y));

    public static Sdf Intersect(Sdf a, Sdf b) => (x, y) => Math.Max(a(x, y), b(x, y));

    public static Sdf Subtract(Sdf a, Sdf b) => (x, y) => Math.Max(a(x, y), -b(x, y));
}
