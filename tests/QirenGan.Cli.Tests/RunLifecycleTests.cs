using QirenGan.Eval.Runs;
using QirenGan.Cli;
using QirenGan.Eval.Grids;
using QirenGan.Eval.Reports;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Tests;

/// <summary>What a run leaves on disk across corrupt data, short ticks, a kill and a resume.</summary>
[Collection(TorchCollection.Name)]
public sealed class RunLifecycleTests
{
    private static string Faces(TempDir dir, int count = 8)
    {
        var faces = dir.File("faces");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", count.ToString(), "--resolution", "16"]));
        return faces;
    }

    private static string[] Train(string faces, string runs, string kimg, params string[] extra) =>
        ["train", "--data", faces, "--outdir", runs, "--resolution", "16", "--batch", "4", "--dchannels", "8", "--kimg", kimg, .. extra];

    [Fact]
    public void A_corrupt_first_image_is_skipped_with_one_warning_and_stops_only_a_strict_run()
    {
        // Given a folder whose first image (in name order) is not an image
        using var dir = Repo.TempDir();
        var faces = Faces(dir);
        File.WriteAllBytes(Path.Combine(faces, "000-broken.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);

        // When training without --strict: it runs, the reals grid is made of readable images, one warning names the file
        var (code, output, error) = CliRunner.Run(Train(faces, dir.File("runs"), "0.008"));
        Assert.True(code == 0, error);
        var run = Assert.Single(Directory.GetDirectories(dir.File("runs")));
        Assert.True(File.Exists(Path.Combine(run, "reals.png")));
        Assert.Single((output + error).Split('\n'), l => l.Contains("000-broken.png") && l.Contains("warning"));

        // With --strict it stops, naming the file and the option, and leaves no run behind
        (code, _, error) = CliRunner.Run(Train(faces, dir.File("strict"), "0.008", "--strict"));
        Assert.Equal(2, code);
        Assert.Contains("000-broken.png", error);
        Assert.Contains("--strict", error);
        Assert.Empty(Directory.Exists(dir.File("strict")) ? Directory.GetDirectories(dir.File("strict")) : []);
    }

    [Fact]
    public void Snapshots_less_than_a_kimg_apart_get_finer_names_instead_of_overwriting_each_other()
    {
        using var dir = Repo.TempDir();
        var faces = Faces(dir);

        // 3 ticks of 4 images, a snapshot every tick: 4, 8 and 12 images, all within kimg 0
        Assert.Equal(0, Program.Main(Train(faces, dir.File("runs"), "0.012", "--tick", "0.004", "--snap", "1")));

        var run = Assert.Single(Directory.GetDirectories(dir.File("runs")));
        var counts = RunLayout.Snapshots(run).Select(p => Snapshot.ReadState(p).CurNimg);
        Assert.Equal([4L, 8L, 12L], counts);
        Assert.Equal(3, Directory.GetFiles(run, "fakes*.png").Length);
    }

    [Fact]
    public void Resuming_after_a_kill_logs_every_tick_once_and_removes_the_killed_write()
    {
        // Given a run killed after tick 3 of 4: snapshots at ticks 2 and 4, the tick-4 one lost, and the temporary
        // file of the write that was killed
        using var dir = Repo.TempDir();
        var faces = Faces(dir);
        var runs = dir.File("runs");
        Assert.Equal(0, Program.Main(Train(faces, runs, "0.016", "--tick", "0.004", "--snap", "2")));
        var run = Assert.Single(Directory.GetDirectories(runs));
        var snapshots = RunLayout.Snapshots(run);
        Assert.Equal([8L, 16L], snapshots.Select(p => Snapshot.ReadState(p).CurNimg));
        var killed = Path.Combine(run, $".{Path.GetFileName(snapshots[1])}.2000000000.tmp");
        File.Move(snapshots[1], killed);
        Assert.Equal(4, CsvTable.Read(Path.Combine(run, "stats.csv")).Rows.Count);

        // When resuming
        var (code, _, error) = CliRunner.Run("train", "--resume", "latest", "--outdir", runs);
        Assert.True(code == 0, error);

        // Then ticks 1–4 appear once each, and the temporary is gone
        var stats = CsvTable.Read(Path.Combine(run, "stats.csv"));
        var tick = stats.IndexOf("tick");
        Assert.Equal(["1", "2", "3", "4"], stats.Rows.Select(r => r[tick]));
        Assert.False(File.Exists(killed));
        Assert.Equal(16L, Snapshot.ReadState(RunLayout.Snapshots(run)[^1]).CurNimg);
    }

    [Fact]
    public void Generate_grid_goes_beside_the_folder_so_the_folder_holds_only_samples()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        var outdir = dir.File("samples");

        var (code, output, error) = CliRunner.Run("generate", "--network", snapshot, "--seeds", "0-3", "--outdir", outdir, "--grid");

        Assert.True(code == 0, error);
        Assert.Equal(["seed0000.png", "seed0001.png", "seed0002.png", "seed0003.png"],
            Directory.GetFiles(outdir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var grid = ImageCodec.Decode(dir.File("samples-grid.png"));
        // 2×2 tiles enlarged to 128 px, each captioned with its seed
        var layout = ImageGrid.Layout(4, TestSnapshot.Resolution, TestSnapshot.Resolution, 2, labels: GridLabels.ForSeeds([0, 1, 2, 3]));
        Assert.Equal((2 * 128, 2 * (128 + layout.CaptionHeight)), (grid.Width, grid.Height));
        Assert.Contains(dir.File("samples-grid.png"), output);
    }

    [Fact]
    public void Fid_with_fewer_images_than_features_warns_and_names_the_published_protocol()
    {
        using var dir = Repo.TempDir();
        var faces = Faces(dir, count: 3);

        var (code, _, error) = CliRunner.Run("fid", "--real", faces, "--fake", faces, "--detector", Repo.Fixture("tiny-detector.pt"),
            "--no-cache", "--device", "cpu");

        Assert.True(code == 0, error);
        var warnings = error.Split('\n').Where(l => l.StartsWith("warning: only 3", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count); // reals and fakes
        Assert.Contains("2048 feature dimensions", warnings[0]);
        Assert.Contains("50,000", warnings[0]);
    }
}
