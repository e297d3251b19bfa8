using QirenGan.Torch.Imaging;

namespace QirenGan.Generator.Signals;

/// <summary>
/// The built-in procedural test card (the project ships no third-party photographs): colour bars, a checkerboard
/// cut by a circle, multiburst stripes (vertical and horizontal, periods 16, 8, 4 and 2 pixels at 256 px), a grey
/// ramp and colour ramps. It is a continuous pattern sampled at pixel centres, so every size shows the same
/// card; hard edges and fine stripes are what separate good representations from smooth ones.
/// </summary>
public static class TestCard
{
    private const double ReferenceSize = 256;

    // 75 % colour bars: white, yellow, cyan, green, magenta, red, blue, black
    private static readonly (byte R, byte G, byte B)[] Bars =
    [
        (191, 191, 191), (191, 191, 0), (0, 191, 191), (0, 191, 0),
        (191, 0, 191), (191, 0, 0), (0, 0, 191), (16, 16, 16),
    ];

    private static readonly double[] BurstPeriods = [16, 8, 4, 2]; // pixels at the reference size

    public static RgbImage Create(int width, int height)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentException($"TestCard: size must be positive, got {width}×{height}");
        }
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; ++y)
        {
            for (var x = 0; x < width; ++x)
            {
                var (r, g, b) = Sample((x + 0.5) / width, (y + 0.5) / height);
                var i = (y * width + x) * 3;
                pixels[i] = r;
                pixels[i + 1] = g;
                pixels[i + 2] = b;
            }
        }
        return new RgbImage(width, height, pixels);
    }

    /// <summary>
    /// A grey zone plate: ½ + ½·cos(π·k·r²) with r the distance from the centre in units of the half side and
    /// k = side/8, so the local frequency grows linearly from 0 at the centre to half the Nyquist rate (a period of
    /// 4 pixels) at the edges' midpoints. The classic resolution target: every frequency up to that at once.
    /// </summary>
    public static RgbImage ZonePlate(int width, int height)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentException($"TestCard: size must be positive, got {width}×{height}");
        }
        var k = Math.Min(width, height) / 8.0;
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; ++y)
        {
            for (var x = 0; x < width; ++x)
            {
                var u = (x + 0.5) / width * 2 - 1;
                var v = (y + 0.5) / height * 2 - 1;
                var level = (byte)Math.Round(255 * (0.5 + 0.5 * Math.Cos(Math.PI * k * (u * u + v * v))));
                var i = (y * width + x) * 3;
                pixels[i] = pixels[i + 1] = pixels[i + 2] = level;
            }
        }
        return new RgbImage(width, height, pixels);
    }

    /// <summary>The card's colour at (u, v) ∈ [0, 1)² (u to the right, v down).</summary>
    public static (byte R, byte G, byte B) Sample(double u, double v)
    {
        if (v < 0.25)
        {
            return Bars[Math.Clamp((int)(u * Bars.Length), 0, Bars.Length - 1)];
        }
        if (v < 0.75)
        {
            return u < 0.5 ? CheckerAndCircle(u, v) : Multiburst(u, v);
        }
        if (v < 0.875)
        {
            var grey = (byte)Math.Clamp((int)(u * 256), 0, 255);
            return (grey, grey, grey);
        }
        return ColourRamps(u);
    }

    private static (byte, byte, byte) CheckerAndCircle(double u, double v)
    {
        const int squares = 8; // per 0.5 of width
        var cell = ((int)Math.Floor(u * 2 * squares) + (int)Math.Floor((v - 0.25) * 2 * squares)) % 2;
        var inside = (u - 0.25) * (u - 0.25) + (v - 0.5) * (v - 0.5) < 0.18 * 0.18;
        var on = (cell == 1) ^ inside;
        return inside
            ? on ? ((byte)230, (byte)200, (byte)40) : ((byte)30, (byte)60, (byte)150)
            : on ? ((byte)235, (byte)235, (byte)235) : ((byte)20, (byte)20, (byte)20);
    }

    private static (byte, byte, byte) Multiburst(double u, double v)
    {
        var column = Math.Clamp((int)((u - 0.5) / 0.5 * BurstPeriods.Length), 0, BurstPeriods.Length - 1);
        var period = BurstPeriods[column] / ReferenceSize;
        var along = v < 0.5 ? u : v; // vertical stripes on top, horizontal below
        var on = (long)Math.Floor(along / (period / 2)) % 2 == 0;
        var level = on ? (byte)240 : (byte)15;
        return (level, level, level);
    }

    private static (byte, byte, byte) ColourRamps(double u)
    {
        var third = Math.Clamp((int)(u * 3), 0, 2);
        var level = (byte)Math.Clamp((int)((u * 3 - third) * 256), 0, 255);
        return third switch
        {
            0 => (level, (byte)0, (byte)0),
            1 => ((byte)0, level, (byte)0),
            _ => ((byte)0, (byte)0, level),
        };
    }
}
