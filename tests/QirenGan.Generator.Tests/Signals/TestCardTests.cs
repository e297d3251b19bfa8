using QirenGan.Generator.Signals;

namespace QirenGan.Generator.Tests.Signals;

public sealed class TestCardTests
{
    private static (byte, byte, byte) Pixel(QirenGan.Torch.Imaging.RgbImage image, int x, int y)
    {
        var i = (y * image.Width + x) * 3;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    [Fact]
    public void Card_has_colour_bars_and_two_pixel_stripes_at_256()
    {
        var card = TestCard.Create(256, 256);
        Assert.Equal(256 * 256 * 3, card.Pixels.Length);
        // First bar (75 % white) and the yellow one, top rows
        Assert.Equal(((byte)191, (byte)191, (byte)191), Pixel(card, 5, 5));
        Assert.Equal(((byte)191, (byte)191, (byte)0), Pixel(card, 40, 60));
        // The finest burst (last eighth of the width, upper half of the middle band) alternates every pixel
        for (var x = 226; x < 240; ++x)
        {
            var expected = x % 2 == 0 ? (byte)240 : (byte)15;
            Assert.Equal((expected, expected, expected), Pixel(card, x, 100));
        }
        // Below it the same periods run horizontally
        Assert.NotEqual(Pixel(card, 230, 150), Pixel(card, 230, 151));
    }

    [Fact]
    public void Card_is_the_same_pattern_at_every_size()
    {
        var small = TestCard.Create(64, 32);
        Assert.Equal(64 * 32 * 3, small.Pixels.Length);
        Assert.Equal(((byte)191, (byte)191, (byte)191), Pixel(small, 1, 1));
        // Bottom-right: the end of the blue ramp
        Assert.Equal((0, 0), (Pixel(small, 63, 31).Item1, Pixel(small, 63, 31).Item2));
        Assert.True(Pixel(small, 63, 31).Item3 > 200);
    }
}
