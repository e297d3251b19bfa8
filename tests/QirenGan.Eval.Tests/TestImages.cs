using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Tests;

/// <summary>Procedural test images (no third-party pictures): smooth colour gradients with seeded noise.</summary>
public static class TestImages
{
    public static RgbImage Gradient(int size, int seed)
    {
        var rng = new Random(seed);
        var (fx, fy, phase) = (rng.NextDouble() * 4 + 1, rng.NextDouble() * 4 + 1, rng.NextDouble() * 6.28);
        var pixels = new byte[size * size * 3];
        for (var y = 0; y < size; ++y)
        {
            for (var x = 0; x < size; ++x)
            {
                var (u, v) = ((double)x / size, (double)y / size);
                var i = (y * size + x) * 3;
                pixels[i] = Byte(128 + 100 * Math.Sin(fx * u * 6.28 + phase) + rng.Next(-20, 21));
                pixels[i + 1] = Byte(255 * v * (seed % 3 + 1) / 3 + rng.Next(-20, 21));
                pixels[i + 2] = Byte(128 + 100 * Math.Cos(fy * v * 6.28 - phase) + rng.Next(-20, 21));
            }
        }
        return new RgbImage(size, size, pixels);
    }

    /// <summary>A 5×5 box blur (edges clamped), a visible change in the images' statistics.</summary>
    public static RgbImage Blur(RgbImage image)
    {
        var (w, h) = (image.Width, image.Height);
        var output = new byte[image.Pixels.Length];
        for (var y = 0; y < h; ++y)
        {
            for (var x = 0; x < w; ++x)
            {
                for (var c = 0; c < 3; ++c)
                {
                    var sum = 0;
                    for (var dy = -2; dy <= 2; ++dy)
                    {
                        for (var dx = -2; dx <= 2; ++dx)
                        {
                            var (xx, yy) = (Math.Clamp(x + dx, 0, w - 1), Math.Clamp(y + dy, 0, h - 1));
                            sum += image.Pixels[(yy * w + xx) * 3 + c];
                        }
                    }
                    output[(y * w + x) * 3 + c] = (byte)((sum + 12) / 25);
                }
            }
        }
        return new RgbImage(w, h, output);
    }

    /// <summary>Writes <paramref name="count"/> gradients (optionally transformed) as 000000.png … into <paramref name="folder"/>.</summary>
    public static string WriteFolder(string folder, int count, int size, Func<RgbImage, RgbImage>? transform = null, int firstSeed = 0)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; ++i)
        {
            var image = Gradient(size, firstSeed + i);
            ImageCodec.WritePng(Path.Combine(folder, $"{i:D6}.png"), transform == null ? image : transform(image));
        }
        return folder;
    }

    private static byte Byte(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
