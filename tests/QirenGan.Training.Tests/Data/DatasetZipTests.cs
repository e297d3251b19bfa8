using System.IO.Compression;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Data;

namespace QirenGan.Training.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class DatasetZipTests
{
    [Fact]
    public void A_written_zip_reads_back_the_same_pixels_in_stylegan_layout()
    {
        // Given a folder with square, non-square and nested images
        using var dir = Repo.TempDir();
        var source = Path.Combine(dir.Path, "src");
        TestImages.WriteSquares(source, 3, 32);
        ImageCodec.WritePng(Path.Combine(source, "sub", "wide.png"), TestImages.Pattern(50, 20, 9));

        // When it is written as a 16×16 dataset zip
        var report = DatasetZip.Write(source, dir.File("out.zip"), 16);

        // Then the zip holds 00000/img0000000i.png and dataset.json with null labels
        Assert.Equal(new DatasetZipReport(4, 0, 0, 1), report);
        using (var zip = ZipFile.OpenRead(dir.File("out.zip")))
        {
            Assert.Equal(["00000/img00000000.png", "00000/img00000001.png", "00000/img00000002.png", "00000/img00000003.png", "dataset.json"],
                zip.Entries.Select(e => e.FullName).Order());
            using var reader = new StreamReader(zip.GetEntry("dataset.json")!.Open());
            Assert.Equal("{\"labels\": null}", reader.ReadToEnd().Trim());
        }

        // and re-reading it gives the pixels the folder gives at the same resolution
        using var fromFolder = ImageDataset.Open(source, 16);
        using var fromZip = ImageDataset.Open(dir.File("out.zip"), 16);
        Assert.Equal(fromFolder.Count, fromZip.Count);
        for (var i = 0; i < fromFolder.Count; ++i)
        {
            Assert.Equal(fromFolder.Load(i).Pixels, fromZip.Load(i).Pixels);
        }
    }

    [Fact]
    public void Entry_names_follow_dataset_tool()
    {
        Assert.Equal("00000/img00000999.png", DatasetZip.EntryName(999));
        Assert.Equal("00001/img00001000.png", DatasetZip.EntryName(1000));
        Assert.Equal("00123/img00123456.png", DatasetZip.EntryName(123456));
    }

    [Fact]
    public void Corrupt_images_are_skipped_and_counted_or_fail_in_strict_mode()
    {
        using var dir = Repo.TempDir();
        var source = Path.Combine(dir.Path, "src");
        TestImages.WriteSquares(source, 2, 16);
        TestImages.WriteCorrupt(Path.Combine(source, "broken.png"));

        var report = DatasetZip.Write(source, dir.File("out.zip"), 16, warn: _ => { });
        Assert.Equal(2, report.Written);
        Assert.Equal(1, report.Skipped);

        var e = Assert.Throws<InvalidDataException>(() => DatasetZip.Write(source, dir.File("strict.zip"), 16, strict: true));
        Assert.Contains("broken.png", e.Message);
        Assert.False(File.Exists(dir.File("strict.zip")));
    }
}
