using QirenGan.Torch.Imaging;
using QirenGan.Training.Data;

namespace QirenGan.Training.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class ImageResizeTests
{
    [Fact]
    public void Lanczos_resize_equals_pillow_bit_for_bit()
    {
        // Given Pillow's LANCZOS resize of a noise image to 11×29 (shrinks x, enlarges y)
        var source = ImageCodec.Decode(Repo.Fixture("noise-37x23.png"));
        var expected = ImageCodec.Decode(Repo.Fixture("noise-37x23-lanczos-11x29.png"));

        // When we resize the same image
        var actual = ImageResize.Lanczos(source, 11, 29);

        // Then every byte agrees
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        Assert.Equal(expected.Pixels, actual.Pixels);
    }

    [Fact]
    public void Center_crop_and_resize_equals_dataset_tool_with_pillow()
    {
        var source = ImageCodec.Decode(Repo.Fixture("noise-37x23.png"));
        var expected = ImageCodec.Decode(Repo.Fixture("noise-37x23-crop-lanczos-16.png"));
        Assert.Equal(expected.Pixels, ImageResize.ToSquare(source, 16).Pixels);
    }

    [Fact]
    public void Center_crop_keeps_the_middle_square()
    {
        // Given a 5×3 pattern, the crop is columns 1..3 of every row
        var image = TestImages.Pattern(5, 3, 0);
        var crop = ImageResize.CenterCropSquare(image);
        Assert.Equal((3, 3), (crop.Width, crop.Height));
        for (var y = 0; y < 3; ++y)
        {
            Assert.Equal(image.Pixels.AsSpan((y * 5 + 1) * 3, 9).ToArray(), crop.Pixels.AsSpan(y * 9, 9).ToArray());
        }
    }
}
