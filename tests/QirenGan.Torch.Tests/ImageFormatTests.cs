using System.Globalization;
using QirenGan.Torch.Imaging;

namespace QirenGan.Torch.Tests;

/// <summary>
/// Every format and pixel layout the codec accepts, against Pillow's <c>convert('RGB')</c> of the same file
/// (tests/fixtures/formats, made by make_format_fixture.py with Debian's python3-pil).
/// </summary>
public sealed class ImageFormatTests
{
    public static TheoryData<string> Files() =>
        [.. File.ReadAllLines(Repo.Fixture("formats/manifest.tsv")).Skip(1).Select(l => l.Split('\t')[0]).Where(n => n != "grey16.png")];

    [Theory]
    [MemberData(nameof(Files))]
    public void Decodes_exactly_as_pillow_converts_to_rgb(string name)
    {
        // Covers RGB, RGBA and grey+alpha PNG (alpha dropped, not composited, as Pillow does), grey PNG, palette PNG
        // with a transparent index, BMP, lossless WebP with and without alpha, and the first frame of a GIF.
        var fields = File.ReadAllLines(Repo.Fixture("formats/manifest.tsv")).Single(l => l.StartsWith(name + "\t", StringComparison.Ordinal)).Split('\t');
        var decoded = ImageCodec.Decode(Repo.Fixture("formats/" + name));

        Assert.Equal((int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture)), (decoded.Width, decoded.Height));
        Assert.Equal(File.ReadAllBytes(Repo.Fixture($"formats/{name}.rgb")), decoded.Pixels);
    }

    [Fact]
    public void Sixteen_bit_grey_png_scales_each_sample_to_eight_bits()
    {
        // Pixel (x, y) holds v = 5000x + 300y (16 bits). Pillow's convert('RGB') clips the 32-bit integer to 255,
        // which loses the image; the codec scales instead: v·255/65535, rounded by Skia (the high byte v >> 8 at most
        // one level away).
        var decoded = ImageCodec.Decode(Repo.Fixture("formats/grey16.png"));
        Assert.Equal((13, 9), (decoded.Width, decoded.Height));
        for (var y = 0; y < 9; ++y)
        {
            for (var x = 0; x < 13; ++x)
            {
                var i = (y * 13 + x) * 3;
                var expected = (5000 * x + 300 * y) * 255.0 / 65535;
                Assert.InRange(decoded.Pixels[i], Math.Floor(expected) - 1, Math.Ceiling(expected) + 1);
                Assert.Equal(decoded.Pixels[i], decoded.Pixels[i + 1]);
                Assert.Equal(decoded.Pixels[i], decoded.Pixels[i + 2]);
            }
        }
    }
}
