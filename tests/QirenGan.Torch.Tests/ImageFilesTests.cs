using System.IO.Compression;
using QirenGan.Torch.Imaging;

namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class ImageFilesTests
{
    private static RgbImage Gradient(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; ++y)
        {
            for (var x = 0; x < width; ++x)
            {
                var i = (y * width + x) * 3;
                pixels[i] = (byte)(x * 9 + seed);
                pixels[i + 1] = (byte)(y * 13 + 2 * seed);
                pixels[i + 2] = (byte)(x * y + 3 * seed);
            }
        }
        return new RgbImage(width, height, pixels);
    }

    private static void WriteDataset(string folder)
    {
        ImageCodec.WritePng(Path.Combine(folder, "b.png"), Gradient(6, 4, 1));
        ImageCodec.WritePng(Path.Combine(folder, "A.PNG"), Gradient(5, 3, 2));
        ImageCodec.WritePng(Path.Combine(folder, "sub", "c.png"), Gradient(4, 4, 3));
        Directory.CreateDirectory(Path.Combine(folder, "sub", "deeper"));
        File.Copy(Repo.Fixture("gradient-24x16.jpg"), Path.Combine(folder, "sub", "deeper", "d.JPEG"));
        File.WriteAllText(Path.Combine(folder, "dataset.json"), "{\"labels\": null}");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image");
    }

    private static string Zip(string folder, string zipPath)
    {
        ZipFile.CreateFromDirectory(folder, zipPath);
        return zipPath;
    }

    [Fact]
    public void A_folder_lists_its_images_recursively_in_ordinal_order_and_skips_other_files()
    {
        using var tmp = Repo.TempDir();
        var data = Directory.CreateDirectory(tmp.File("data")).FullName;
        WriteDataset(data);

        using var files = ImageFiles.Open(data);

        // Ordinal: upper case sorts before lower case, '/' (0x2F) before letters.
        Assert.Equal(["A.PNG", "b.png", "sub/c.png", "sub/deeper/d.JPEG"], files.Names);
        Assert.False(files.IsZip);
    }

    [Fact]
    public void WebP_and_gif_files_count_as_images_and_decode_like_their_fixtures()
    {
        using var tmp = Repo.TempDir();
        var data = Directory.CreateDirectory(tmp.File("data")).FullName;
        File.Copy(Repo.Fixture("formats/lossless.webp"), Path.Combine(data, "a.WEBP"));
        File.Copy(Repo.Fixture("formats/two-frames.gif"), Path.Combine(data, "b.gif"));
        File.Copy(Repo.Fixture("formats/rgb.bmp"), Path.Combine(data, "c.bmp"));

        using var files = ImageFiles.Open(data);

        Assert.Equal(["a.WEBP", "b.gif", "c.bmp"], files.Names);
        Assert.Equal(File.ReadAllBytes(Repo.Fixture("formats/two-frames.gif.rgb")), files.Decode("b.gif").Pixels);
    }

    [Fact]
    public void A_zip_lists_the_same_images_as_its_folder_and_decodes_them_identically()
    {
        using var tmp = Repo.TempDir();
        var data = Directory.CreateDirectory(tmp.File("data")).FullName;
        WriteDataset(data);
        var zip = Zip(data, tmp.File("data.zip"));

        using var folder = ImageFiles.Open(data);
        using var zipped = ImageFiles.Open(zip);

        Assert.True(zipped.IsZip);
        Assert.Equal(folder.Names, zipped.Names);
        for (var i = 0; i < folder.Count; ++i)
        {
            Assert.Equal(folder.Decode(i), zipped.Decode(i), RgbEquality.Instance);
        }
        Assert.Equal(Gradient(4, 4, 3).Pixels, zipped.Decode("sub/c.png").Pixels);
        Assert.Equal(Gradient(5, 3, 2).Pixels, folder.Decode(0).Pixels);
    }

    [Fact]
    public void The_fingerprint_follows_image_content_and_names_but_not_other_files()
    {
        using var tmp = Repo.TempDir();
        var one = Directory.CreateDirectory(tmp.File("one")).FullName;
        var two = Directory.CreateDirectory(tmp.File("two")).FullName;
        WriteDataset(one);
        WriteDataset(two);
        string Print(string path)
        {
            using var f = ImageFiles.Open(path);
            return f.Fingerprint();
        }

        var original = Print(one);
        Assert.Equal(original, Print(two));
        Assert.Matches("^[0-9a-f]{64}$", original);

        File.WriteAllText(Path.Combine(two, "readme.md"), "other files do not count");
        Assert.Equal(original, Print(two));

        ImageCodec.WritePng(Path.Combine(two, "b.png"), Gradient(6, 4, 7));
        Assert.NotEqual(original, Print(two));

        File.Move(Path.Combine(one, "b.png"), Path.Combine(one, "e.png"));
        Assert.NotEqual(original, Print(one));
    }

    [Fact]
    public void The_zip_fingerprint_changes_when_an_image_changes()
    {
        using var tmp = Repo.TempDir();
        var data = Directory.CreateDirectory(tmp.File("data")).FullName;
        WriteDataset(data);
        var zipA = Zip(data, tmp.File("a.zip"));
        File.WriteAllText(Path.Combine(data, "dataset.json"), "{\"labels\": []}");
        var zipB = Zip(data, tmp.File("b.zip"));
        ImageCodec.WritePng(Path.Combine(data, "sub", "c.png"), Gradient(4, 4, 4));
        var zipC = Zip(data, tmp.File("c.zip"));

        using var a = ImageFiles.Open(zipA);
        using var b = ImageFiles.Open(zipB);
        using var c = ImageFiles.Open(zipC);

        Assert.Equal(a.Fingerprint(), b.Fingerprint());
        Assert.NotEqual(a.Fingerprint(), c.Fingerprint());
    }

    [Fact]
    public void A_missing_path_is_reported_by_name()
    {
        using var tmp = Repo.TempDir();
        var missing = tmp.File("nowhere");

        var e = Assert.Throws<FileNotFoundException>(() => ImageFiles.Open(missing));

        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void An_empty_folder_and_a_zip_without_images_are_reported_by_name()
    {
        using var tmp = Repo.TempDir();
        var empty = Directory.CreateDirectory(tmp.File("empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "dataset.json"), "{}");
        var zip = Zip(empty, tmp.File("labels-only.zip"));

        var folderError = Assert.Throws<InvalidDataException>(() => ImageFiles.Open(empty));
        var zipError = Assert.Throws<InvalidDataException>(() => ImageFiles.Open(zip));

        Assert.Contains(empty, folderError.Message);
        Assert.Contains("no images", folderError.Message);
        Assert.Contains(zip, zipError.Message);
        Assert.Contains("no images", zipError.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_reported_by_name()
    {
        using var tmp = Repo.TempDir();
        var notZip = tmp.File("images.zip");
        File.WriteAllText(notZip, "this is plain text, not an archive");

        var e = Assert.Throws<InvalidDataException>(() => ImageFiles.Open(notZip));

        Assert.Contains(notZip, e.Message);
        Assert.Contains("not a zip", e.Message);
    }

    [Fact]
    public void A_corrupt_image_names_the_archive_and_the_entry()
    {
        using var tmp = Repo.TempDir();
        var data = Directory.CreateDirectory(tmp.File("data")).FullName;
        ImageCodec.WritePng(Path.Combine(data, "good.png"), Gradient(3, 3, 0));
        File.WriteAllBytes(Path.Combine(data, "bad.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var zip = Zip(data, tmp.File("data.zip"));
        using var folder = ImageFiles.Open(data);
        using var zipped = ImageFiles.Open(zip);

        var inZip = Assert.Throws<InvalidDataException>(() => zipped.Decode("bad.png"));
        var inFolder = Assert.Throws<InvalidDataException>(() => folder.Decode("bad.png"));

        Assert.Contains($"{zip}:bad.png", inZip.Message);
        Assert.Contains(Path.Combine(data, "bad.png"), inFolder.Message);
        Assert.Equal(3, zipped.Decode("good.png").Width);
    }

    private sealed class RgbEquality : IEqualityComparer<RgbImage>
    {
        public static readonly RgbEquality Instance = new();

        public bool Equals(RgbImage? a, RgbImage? b) =>
            a != null && b != null && a.Width == b.Width && a.Height == b.Height && a.Pixels.AsSpan().SequenceEqual(b.Pixels);

        public int GetHashCode(RgbImage image) => HashCode.Combine(image.Width, image.Height);
    }
}
