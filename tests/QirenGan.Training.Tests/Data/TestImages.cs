using QirenGan.Torch.Imaging;

namespace QirenGan.Training.Tests.Data;

/// <summary>Small images with known pixels, written as PNG files for dataset tests.</summary>
internal static class TestImages
{
    /// <summary>A w×h image whose pixel (x, y) is (x·7 + seed, y·11 + seed, (x + y)·5 + seed) mod 256.</summary>
    public static RgbImage Pattern(int w, int h, int seed)
    {
        var p = new byte[w * h * 3];
        for (var y = 0; y < h; ++y)
        {
            for (var x = 0; x < w; ++x)
            {
                var k = (y * w + x) * 3;
                p[k] = (byte)((x * 7 + seed) % 256);
                p[k + 1] = (byte)((y * 11 + seed) % 256);
                p[k + 2] = (byte)(((x + y) * 5 + seed) % 256);
            }
        }
        return new RgbImage(w, h, p);
    }

    /// <summary>Writes <paramref name="count"/> square pattern images named img0.png, img1.png, … into <paramref name="folder"/>.</summary>
    public static void WriteSquares(string folder, int count, int side)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; ++i)
        {
            ImageCodec.WritePng(Path.Combine(folder, $"img{i}.png"), Pattern(side, side, i * 13));
        }
    }

    public static void WriteCorrupt(string path) => File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]);
}
