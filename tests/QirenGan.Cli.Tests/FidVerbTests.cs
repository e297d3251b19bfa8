using QirenGan.Cli;
using QirenGan.Eval.Metrics;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class FidVerbTests
{
    private static void WriteImages(string folder, int count)
    {
        var rng = new Random(1);
        for (var i = 0; i < count; ++i)
        {
            var pixels = new byte[16 * 16 * 3];
            rng.NextBytes(pixels);
            ImageCodec.WritePng(Path.Combine(folder, $"{i:D3}.png"), new RgbImage(16, 16, pixels));
        }
    }

    [Fact]
    public void Fid_of_a_folder_against_itself_is_zero_and_goes_to_metrics_csv_with_run()
    {
        // Given a folder of images and the fixture detector (2048-d features, the detector's signature)
        using var tmp = Repo.TempDir();
        var images = Directory.CreateDirectory(tmp.File("images")).FullName;
        WriteImages(images, 12);

        // When the fid verb compares the folder with itself
        var (code, output, error) = CliRunner.Run("fid", "--real", images, "--fake", images, "--detector", Repo.Fixture("tiny-detector.pt"),
            "--batch", "5", "--cache", tmp.File("cache"), "--run", tmp.File("run"), "--kimg", "12.5", "--device", "cpu");

        // Then it prints 0, reports progress, caches the reals and appends the raw value to metrics.csv
        Assert.True(code == 0, error);
        Assert.Equal("fid 0", output.Trim());
        Assert.Contains("images/s", error);
        Assert.Single(Directory.GetFiles(tmp.File("cache")));
        var row = Assert.Single(MetricsCsv.Read(tmp.File("run/metrics.csv")));
        Assert.Equal((12.5, "fid"), (row.Kimg!.Value, row.Metric));
        Assert.InRange(row.Value, -1e-6, 1e-6);
    }

    [Fact]
    public void A_missing_detector_is_a_one_line_error_naming_the_download_url()
    {
        using var tmp = Repo.TempDir();
        var images = Directory.CreateDirectory(tmp.File("images")).FullName;
        WriteImages(images, 2);

        var (code, _, error) = CliRunner.Run("fid", "--real", images, "--fake", images, "--detector", tmp.File("nothing.pt"));

        Assert.Equal(2, code);
        Assert.Contains("https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/inception-2015-12-05.pt", error);
        Assert.Contains(tmp.File("nothing.pt"), error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void A_missing_image_folder_is_a_one_line_error_naming_it()
    {
        using var tmp = Repo.TempDir();

        var (code, _, error) = CliRunner.Run("fid", "--real", tmp.File("absent"), "--fake", tmp.Path, "--detector", Repo.Fixture("tiny-detector.pt"),
            "--no-cache", "--device", "cpu");

        Assert.Equal(2, code);
        Assert.Contains(tmp.File("absent"), error);
    }
}
