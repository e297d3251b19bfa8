using QirenGan.Torch.Imaging;

namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class ImageCodecTests
{
    [Fact]
    public void Png_encode_then_decode_is_exact()
    {
        var rng = new Random(3);
        var pixels = new byte[37 * 23 * 3];
        rng.NextBytes(pixels);
        var image = new RgbImage(37, 23, pixels);

        var decoded = ImageCodec.Decode(ImageCodec.EncodePng(image), "memory");

        Assert.Equal(37, decoded.Width);
        Assert.Equal(23, decoded.Height);
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Jpeg_from_an_independent_encoder_decodes_to_rgb_of_the_right_size()
    {
        var image = ImageCodec.Decode(Repo.Fixture("gradient-24x16.jpg"));
        Assert.Equal(24, image.Width);
        Assert.Equal(16, image.Height);
        // Pixel (x, y) was (10x, 15y, 128) before lossy compression at quality 95.
        foreach (var (x, y) in new[] { (0, 0), (5, 3), (23, 15), (12, 8) })
        {
            var i = (y * 24 + x) * 3;
            Assert.InRange(image.Pixels[i], 10 * x - 12, 10 * x + 12);
            Assert.InRange(image.Pixels[i + 1], 15 * y - 12, 15 * y + 12);
            Assert.InRange(image.Pixels[i + 2], 116, 140);
        }
    }

    [Fact]
    public void Greyscale_png_becomes_rgb_with_equal_channels()
    {
        var image = ImageCodec.Decode(Repo.Fixture("grey-10x7.png"));
        Assert.Equal((10, 7), (image.Width, image.Height));
        for (var y = 0; y < 7; ++y)
        {
            for (var x = 0; x < 10; ++x)
            {
                var i = (y * 10 + x) * 3;
                var expected = (byte)((25 * x + 3 * y) % 256);
                Assert.Equal([expected, expected, expected], image.Pixels[i..(i + 3)]);
            }
        }
    }

    [Fact]
    public void Rgba_png_drops_alpha()
    {
        var image = ImageCodec.Decode(Repo.Fixture("rgba-5x4.png"));
        Assert.Equal(5 * 4 * 3, image.Pixels.Length);
        Assert.All(Enumerable.Range(0, 20), k => Assert.Equal(200, image.Pixels[k * 3]));
    }

    [Fact]
    public void Corrupt_image_yields_an_error_naming_the_file()
    {
        using var dir = Repo.TempDir();
        var path = dir.File("broken.png");
        var png = ImageCodec.EncodePng(RgbImage.Blank(8, 8));
        File.WriteAllBytes(path, png[..20]);

        var error = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(path));
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("gradient-24x16.jpg", 300)]
    [InlineData("jpeg-parity/17-progressive-420-q75.jpg", 300)]
    [InlineData("noise-37x23.png", 100)]
    [InlineData("formats/lossless.webp", 80)]
    [InlineData("formats/two-frames.gif", 80)]
    public void Truncated_files_fail_with_the_name_and_the_problem(string fixture, int keep)
    {
        var bytes = File.ReadAllBytes(Repo.Fixture(fixture));
        Assert.True(keep < bytes.Length);

        var error = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(bytes.AsSpan(0, keep), "cut/" + fixture));

        Assert.StartsWith("cut/" + fixture + ": cannot decode", error.Message);
        Assert.Matches("truncated or corrupt|not a valid image", error.Message);
    }

    [Fact]
    public void Empty_and_unknown_files_fail_with_the_name_and_the_problem()
    {
        Assert.Equal("empty.png: empty file, not an image",
            Assert.Throws<InvalidDataException>(() => ImageCodec.Decode([], "empty.png")).Message);
        Assert.Equal("notes.jpg: cannot decode image: not a recognised image format (PNG, JPEG, WebP, BMP, GIF)",
            Assert.Throws<InvalidDataException>(() => ImageCodec.Decode("These are notes about the dataset, not pixels of an image."u8, "notes.jpg")).Message);
    }

    [Fact]
    public void Corrupted_bytes_either_decode_or_raise_invalid_data_never_crash()
    {
        // Flip bytes at seeded random places (headers included) in a JPEG, a PNG and a WebP: every variant must come
        // back as an image of the stated size or as InvalidDataException naming it; a native crash would end the run.
        var rng = new Random(16);
        foreach (var fixture in new[] { "jpeg-parity/11-420-q75.jpg", "noise-37x23.png", "formats/lossless.webp" })
        {
            var original = File.ReadAllBytes(Repo.Fixture(fixture));
            var (decoded, rejected) = (0, 0);
            for (var k = 0; k < 150; ++k)
            {
                var bytes = (byte[])original.Clone();
                for (var flips = rng.Next(1, 6); flips > 0; --flips)
                {
                    bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                }
                try
                {
                    var image = ImageCodec.Decode(bytes, $"variant{k}");
                    Assert.Equal(image.Width * image.Height * 3, image.Pixels.Length);
                    ++decoded;
                }
                catch (InvalidDataException e)
                {
                    Assert.StartsWith($"variant{k}: ", e.Message);
                    ++rejected;
                }
            }
            Assert.Equal(150, decoded + rejected);
        }
    }

    [Fact]
    public void The_codec_is_skiasharp_4_155_with_its_native_library_loaded()
    {
        // The version Directory.Packages.props pins; reading the native version loads libSkiaSharp from runtimes/.
        Assert.StartsWith("SkiaSharp 4.155.0", ImageCodec.Library);
        Assert.Contains("native libSkiaSharp 155", ImageCodec.Library);
    }

    [Fact]
    public void Tensor_conversion_quantises_like_stylegan()
    {
        using var scope = DisposeScope.Enter();
        // x·127.5 + 128 clamped: −1 → 0 (0.5 clamps to 0 after truncation), 0 → 128, 1 → 255 (255.5 clamps).
        var t = Tensors.FromArray(new float[] { -1, 0, 1, 2, -0.5f, 0.25f }, [3, 1, 2]);
        var image = RgbImage.FromSignedTensor(t);
        Assert.Equal([0, 64, 128, 159, 255, 255], image.Pixels.Order().ToArray());
        var back = image.ToTensor();
        Assert.Equal(new long[] { 3, 1, 2 }, back.Shape);
    }
}
