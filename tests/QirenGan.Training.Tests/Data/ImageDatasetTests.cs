using QirenGan.Torch.Imaging;
using QirenGan.Training.Data;

namespace QirenGan.Training.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class ImageDatasetTests
{
    [Fact]
    public void An_empty_folder_is_rejected_naming_it()
    {
        using var dir = Repo.TempDir();
        var e = Assert.Throws<InvalidDataException>(() => ImageDataset.Open(dir.Path, 16));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("no images", e.Message);
    }

    [Fact]
    public void A_folder_without_images_is_rejected()
    {
        using var dir = Repo.TempDir();
        File.WriteAllText(dir.File("notes.txt"), "not an image");
        Directory.CreateDirectory(dir.File("sub"));
        var e = Assert.Throws<InvalidDataException>(() => ImageDataset.Open(dir.Path, 16));
        Assert.Contains("no images", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_rejected_clearly()
    {
        using var dir = Repo.TempDir();
        File.WriteAllText(dir.File("data.zip"), "this is not a zip archive");
        var e = Assert.Throws<InvalidDataException>(() => ImageDataset.Open(dir.File("data.zip"), 16));
        Assert.Contains("not a zip", e.Message);
        Assert.Contains("data.zip", e.Message);
    }

    [Fact]
    public void A_zip_without_images_is_rejected_clearly()
    {
        using var dir = Repo.TempDir();
        using (var zip = System.IO.Compression.ZipFile.Open(dir.File("data.zip"), System.IO.Compression.ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("readme.txt").Open();
            s.Write("hello"u8);
        }
        var e = Assert.Throws<InvalidDataException>(() => ImageDataset.Open(dir.File("data.zip"), 16));
        Assert.Contains("no images", e.Message);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(100)]
    public void A_resolution_that_is_not_a_power_of_two_is_rejected(int resolution)
    {
        using var dir = Repo.TempDir();
        TestImages.WriteSquares(dir.Path, 1, 8);
        var e = Assert.Throws<ArgumentException>(() => ImageDataset.Open(dir.Path, resolution));
        Assert.Contains($"resolution {resolution} is not a power of two", e.Message);
    }

    [Fact]
    public void A_corrupt_image_is_skipped_with_a_count_and_a_warning()
    {
        // Given two good images and one corrupt one
        using var dir = Repo.TempDir();
        TestImages.WriteSquares(dir.Path, 2, 8);
        TestImages.WriteCorrupt(dir.File("broken.png"));
        var warnings = new List<string>();
        using var dataset = ImageDataset.Open(dir.Path, 8, warn: warnings.Add);
        var broken = Enumerable.Range(0, dataset.Count).Single(i => dataset.Name(i) == "broken.png");

        // When every image is loaded (the broken one twice)
        var loaded = Enumerable.Range(0, dataset.Count).Select(dataset.TryLoad).ToList();
        dataset.TryLoad(broken);

        // Then it is null, counted once, and warned about once by name
        Assert.Null(loaded[broken]);
        Assert.Equal(2, loaded.Count(i => i != null));
        Assert.Equal(1, dataset.SkippedCount);
        Assert.Contains(warnings, w => w.Contains("broken.png"));
        Assert.Single(warnings);
    }

    [Fact]
    public void A_corrupt_image_is_an_error_naming_it_in_strict_mode()
    {
        using var dir = Repo.TempDir();
        TestImages.WriteSquares(dir.Path, 1, 8);
        TestImages.WriteCorrupt(dir.File("broken.png"));
        using var dataset = ImageDataset.Open(dir.Path, 8, strict: true);
        var broken = Enumerable.Range(0, dataset.Count).Single(i => dataset.Name(i) == "broken.png");
        var e = Assert.Throws<InvalidDataException>(() => dataset.TryLoad(broken));
        Assert.Contains("broken.png", e.Message);
    }

    [Fact]
    public void Non_square_images_are_center_cropped_and_small_ones_enlarged_with_a_warning()
    {
        // Given a 40×24 image and a 4×4 one, at resolution 16
        using var dir = Repo.TempDir();
        var wide = TestImages.Pattern(40, 24, 3);
        ImageCodec.WritePng(dir.File("a-wide.png"), wide);
        ImageCodec.WritePng(dir.File("b-small.png"), TestImages.Pattern(4, 4, 5));
        var warnings = new List<string>();
        using var dataset = ImageDataset.Open(dir.Path, 16, warn: warnings.Add);

        // When both are loaded
        var a = dataset.Load(0);
        var b = dataset.Load(1);

        // Then both are 16×16; the wide one is the LANCZOS resize of its centred 24×24 square
        Assert.Equal((16, 16), (a.Width, a.Height));
        Assert.Equal((16, 16), (b.Width, b.Height));
        Assert.Equal(ImageResize.Lanczos(ImageResize.CenterCropSquare(wide), 16, 16).Pixels, a.Pixels);
        Assert.Equal(1, dataset.CroppedCount);
        Assert.Equal(1, dataset.UpscaledCount);
        Assert.Contains(warnings, w => w.Contains("b-small.png") && w.Contains("4×4"));
    }

    [Fact]
    public void Images_already_at_the_resolution_are_returned_unchanged()
    {
        using var dir = Repo.TempDir();
        TestImages.WriteSquares(dir.Path, 1, 16);
        using var dataset = ImageDataset.Open(dir.Path, 16);
        Assert.Equal(TestImages.Pattern(16, 16, 0).Pixels, dataset.Load(0).Pixels);
    }
}
