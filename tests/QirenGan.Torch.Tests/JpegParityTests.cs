using System.Globalization;
using System.Security.Cryptography;
using QirenGan.Torch.Imaging;

namespace QirenGan.Torch.Tests;

/// <summary>
/// SkiaSharp's JPEG decode against Pillow's (libjpeg-turbo), the decoder of StyleGAN2-ADA's dataset_tool.py and of
/// published FID pipelines, on the fixture tests/fixtures/jpeg-parity (made by make_jpeg_parity_fixture.py with
/// Debian's python3-pil; the reference pixels are Pillow's decode, recorded then).
/// </summary>
public sealed class JpegParityTests
{
    [Fact]
    public void Pillow_reference_pixels_are_the_ones_recorded_in_the_manifest()
    {
        foreach (var entry in Manifest())
        {
            var reference = File.ReadAllBytes(Path.ChangeExtension(entry.Path, ".rgb"));
            Assert.Equal(entry.Width * entry.Height * 3, reference.Length);
            Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(reference)));
        }
    }

    [Fact]
    public void Skia_decodes_every_fixture_jpeg_exactly_as_pillow_does()
    {
        // Measured: max and mean absolute difference 0 on all 24 files (4:4:4, 4:2:2, 4:2:0 at q 50–100, grey,
        // progressive, optimised Huffman, odd sizes, CMYK): Skia's libjpeg-turbo uses the same islow IDCT and fancy
        // upsampling as Pillow's, so JPEG inputs give the published pipeline's pixels and FID is unaffected.
        var manifest = Manifest();
        Assert.True(manifest.Count >= 20, $"the fixture should hold at least 20 JPEGs, has {manifest.Count}");
        var measured = manifest.Select(e => (e.Name, Figures: Measure(e))).ToList();

        var table = string.Join("\n", measured.Select(m => $"{m.Name}: max {m.Figures.Max}, mean {m.Figures.Mean:F4}"));
        Assert.True(measured.All(m => m.Figures.Max == 0 && m.Figures.Mean == 0), "Skia differs from Pillow:\n" + table);
    }

    private static (int Max, double Mean) Measure(Entry entry)
    {
        var decoded = ImageCodec.Decode(entry.Path);
        var reference = File.ReadAllBytes(Path.ChangeExtension(entry.Path, ".rgb"));
        Assert.Equal((entry.Width, entry.Height), (decoded.Width, decoded.Height));
        var (max, sum) = (0, 0L);
        for (var i = 0; i < reference.Length; ++i)
        {
            var d = Math.Abs(decoded.Pixels[i] - reference[i]);
            max = Math.Max(max, d);
            sum += d;
        }
        return (max, (double)sum / reference.Length);
    }

    private sealed record Entry(string Name, string Path, int Width, int Height, string PillowMode, string Sha256);

    private static List<Entry> Manifest()
    {
        var folder = Repo.Fixture("jpeg-parity");
        return File.ReadAllLines(Path.Combine(folder, "manifest.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Select(f => new Entry(f[0], Path.Combine(folder, f[0]), int.Parse(f[1], CultureInfo.InvariantCulture),
                int.Parse(f[2], CultureInfo.InvariantCulture), f[3], f[4]))
            .ToList();
    }
}
