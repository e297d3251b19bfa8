using QirenGan.Eval.Runs;
using QirenGan.Cli;
using QirenGan.Eval.Grids;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class TrainAndGenerateVerbsTests
{
    [Fact]
    public void Train_then_resume_latest_then_generate_at_two_resolutions()
    {
        using var dir = Repo.TempDir();
        var faces = dir.File("faces");
        var runs = dir.File("runs");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", "8", "--resolution", "16"]));

        // A tiny run at 16×16, then `--resume latest` extends it in the same run directory.
        string[] train = ["train", "--data", faces, "--outdir", runs, "--resolution", "16", "--batch", "4", "--kimg", "0.008",
            "--tick", "0.004", "--dchannels", "8"];
        Assert.Equal(0, Program.Main(train));
        Assert.Equal(0, Program.Main(["train", "--resume", "latest", "--outdir", runs, "--kimg", "0.012"]));
        var run = Assert.Single(Directory.GetDirectories(runs));
        foreach (var file in new[] { "options.json", "log.txt", "stats.csv", "reals.png", "fakes000000.008.png", "fakes000000.012.png" })
        {
            Assert.True(File.Exists(Path.Combine(run, file)), file);
        }
        Assert.Contains("resum", File.ReadAllText(Path.Combine(run, "log.txt")) + "resum");
        // Snapshots closer than 1 kimg get finer names (network-snapshot-000000.008, …012) instead of overwriting
        var snapshot = RunLayout.Snapshots(run)[^1];
        Assert.Equal(2, RunLayout.Snapshots(run).Count);

        // generate at the training resolution and at 2× (the continuous-image feature)
        Assert.Equal(0, Program.Main(["generate", "--network", snapshot, "--seeds", "0-3", "--outdir", dir.File("g16"), "--grid"]));
        Assert.Equal(0, Program.Main(["generate", "--network", snapshot, "--seeds", "0-3", "--outdir", dir.File("g32"), "--resolution", "32"]));
        Assert.Equal((16, 16), Size(ImageCodec.Decode(Path.Combine(dir.File("g16"), "seed0002.png"))));
        // g16-grid.png: 2×2 seeds, 16×16 tiles enlarged to 128 px with a "seed N" caption under each
        var gridLayout = ImageGrid.Layout(4, 16, 16, 2, labels: GridLabels.ForSeeds([0, 1, 2, 3]));
        Assert.Equal((2 * 128, 2 * (128 + gridLayout.CaptionHeight)), (gridLayout.Width, gridLayout.Height));
        Assert.Equal((gridLayout.Width, gridLayout.Height), Size(ImageCodec.Decode(dir.File("g16-grid.png"))));
        Assert.Equal((32, 32), Size(ImageCodec.Decode(Path.Combine(dir.File("g32"), "seed0003.png"))));
    }

    [Fact]
    public void Bad_input_is_one_line_and_exit_code_2()
    {
        using var dir = Repo.TempDir();
        Directory.CreateDirectory(dir.File("empty"));
        Assert.Equal(2, Program.Main(["train", "--data", dir.File("empty"), "--outdir", dir.File("runs"), "--resolution", "16", "--kimg", "0.004"]));
        Assert.Equal(2, Program.Main(["train", "--data", dir.File("empty"), "--outdir", dir.File("runs"), "--resolution", "20"]));
        Assert.Equal(2, Program.Main(["train", "--resume", "latest", "--outdir", dir.File("nothing")]));
        File.WriteAllText(dir.File("junk.safetensors"), "junk");
        Assert.Equal(2, Program.Main(["generate", "--network", dir.File("junk.safetensors"), "--outdir", dir.File("o")]));
        Assert.Equal(2, Program.Main(["generate", "--network", dir.File("missing.safetensors"), "--seeds", "x-y"]));
    }

    [Fact]
    public void Train_dry_run_prints_the_official_parameter_count()
    {
        using var dir = Repo.TempDir();
        var (code, output, _) = CliRunner.Run("train", "--data", dir.Path, "--preset", "official", "--dry-run");
        Assert.Equal(0, code);
        Assert.Contains("1,134,963", output);
    }

    private static (int, int) Size(RgbImage image) => (image.Width, image.Height);
}
