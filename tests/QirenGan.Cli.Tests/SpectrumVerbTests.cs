using QirenGan.Cli;
using QirenGan.Eval.Detectors;
using QirenGan.Eval.Metrics;
using QirenGan.Eval.Runs;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Tests;

/// <summary>The `spectrum` metric from the command line: no detector anywhere, rows in metrics.csv, the spectrum files.</summary>
[Collection(TorchCollection.Name)]
public sealed class SpectrumVerbTests
{
    private static readonly string[] Rows = ["spectrum_excess", "spectrum_excess_r", "spectrum_excess_g", "spectrum_excess_b"];

    [Fact]
    public void Metrics_spectrum_needs_no_detector_and_writes_rows_and_the_log_ratio_map()
    {
        // Given a 16×16 snapshot at 12 kimg, 10 random real images, and no detector to be found anywhere
        using var tmp = Repo.TempDir();
        using var env = new NoDetector(tmp);
        var snapshot = TestSnapshot.Write(tmp.File("run"));
        var data = RandomImages(tmp.File("data"), 10);
        string[] args = ["metrics", "--network", snapshot, "--data", data, "--metrics", "spectrum", "--num-gen", "12", "--batch", "5",
            "--cache", tmp.File("cache"), "--device", "cpu"];

        // When the metrics verb measures the spectrum (twice: the second time the reals come from the cache)
        var (code, output, error) = CliRunner.Run(args);
        Assert.True(code == 0, error);
        var (code2, output2, error2) = CliRunner.Run(args);
        Assert.True(code2 == 0, error2);

        // Then the four excess values are printed, equal both times, and appended to metrics.csv at 12 kimg
        Assert.Equal(Rows, output.Trim().Split('\n').Select(l => l.Split(' ')[0]));
        Assert.Equal(output, output2);
        Assert.Contains("real power spectrum from the cache (10 images)", error2);
        var rows = MetricsCsv.Read(tmp.File("run/metrics.csv"));
        Assert.Equal([.. Rows, .. Rows], rows.Select(r => r.Metric));
        Assert.All(rows, r => Assert.Equal(12.0, r.Kimg));
        Assert.All(rows, r => Assert.True(r.Value >= 0 && double.IsFinite(r.Value), $"{r.Metric} = {r.Value}"));
        // and the summary names the radial and angular profiles
        Assert.Contains("by radius", error);
        Assert.Contains("by orientation", error);

        // and spectrum-000012.json holds the 16×16 grey log-ratio map and the same excess, spectrum-000012.png its picture
        var record = SpectrumFile.Read(tmp.File("run/spectrum-000012.json"));
        Assert.Equal(16, record.Size);
        Assert.Equal(16 * 16, record.LogRatio.Length);
        Assert.Equal(12.0, record.Kimg);
        Close.Scalar(rows[0].Value, record.Excess, 1e-5, "excess in the json");
        Assert.Equal(0, record.LogRatio[8 * 16 + 8]);
        var png = ImageCodec.Decode(tmp.File("run/spectrum-000012.png"));
        Assert.True(png.Width >= 256 && png.Height > 256, $"{png.Width}×{png.Height}");
    }

    [Fact]
    public void Train_measures_the_spectrum_at_each_snapshot_and_the_report_shows_its_heat_map()
    {
        // Given 8 procedural faces and no detector to be found anywhere
        using var dir = Repo.TempDir();
        using var env = new NoDetector(dir);

        // When a run of 2 ticks snapshots every tick with --metrics spectrum on 8 generated images
        var run = TrainWithSpectrum(dir, kimg: "0.008", tick: "0.004", numGen: "8");

        // Then metrics.csv has the four rows at both snapshots, and report.html the heat map with its legend
        var rows = MetricsCsv.Read(Path.Combine(run, MetricsCsv.FileName));
        Assert.Equal([.. Rows, .. Rows], rows.Select(r => r.Metric));
        Assert.Equal([0.004, 0.008], rows.Select(r => r.Kimg!.Value).Distinct());
        Assert.True(File.Exists(Path.Combine(run, "spectrum-000000.004.json")));
        Assert.True(File.Exists(Path.Combine(run, "spectrum-000000.008.json")));
        var html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("<h2>Spectrum</h2>", html);
        Assert.Contains("spectrum-000000.008.json", html);
        Assert.Contains("url(#spectrum-scale)", html);
        Assert.Contains("Spectral excess (spectrum)", html);
    }

    [Fact]
    public void A_snapshot_under_its_whole_kimg_name_gets_its_spectrum_under_the_same_label()
    {
        // Given 8 procedural faces and no detector
        using var dir = Repo.TempDir();
        using var env = new NoDetector(dir);

        // When a run shorter than a tick (8 images, --tick 1) ends with a snapshot, measured with --metrics spectrum
        var run = TrainWithSpectrum(dir, kimg: "0.006", tick: "1", numGen: "4");

        // Then the snapshot has StyleGAN2's whole-kimg name and the spectrum files the same label (they were
        // spectrum-000000.008.* beside network-snapshot-000000 when the metrics verb made its own label)
        Assert.Equal(["network-snapshot-000000.safetensors"], RunLayout.Snapshots(run).Select(Path.GetFileName));
        Assert.Equal(["spectrum-000000.json"], RunLayout.Spectra(run).Select(Path.GetFileName));
        Assert.True(File.Exists(RunLayout.SpectrumPng(run, "000000")));
        Assert.Equal([0.008], MetricsCsv.Read(RunLayout.Metrics(run)).Select(r => r.Kimg!.Value).Distinct());
    }

    [Fact]
    public void Unknown_metrics_and_detector_metrics_without_a_detector_are_refused()
    {
        using var tmp = Repo.TempDir();
        using var env = new NoDetector(tmp);
        var snapshot = TestSnapshot.Write(tmp.File("run"));
        var data = RandomImages(tmp.File("data"), 2);

        var (code, _, error) = CliRunner.Run("metrics", "--network", snapshot, "--data", data, "--metrics", "spectrum,fid50k_full", "--num-gen", "2");
        Assert.Equal(2, code);
        Assert.Contains("Inception detector not found", error);

        (code, _, error) = CliRunner.Run("train", "--data", data, "--outdir", tmp.File("runs"), "--resolution", "16", "--metrics", "spectrum,fdi");
        Assert.Equal(2, code);
        Assert.Contains("unknown metric 'fdi'", error);

        (code, _, error) = CliRunner.Run("train", "--data", data, "--outdir", tmp.File("runs"), "--resolution", "16", "--metrics", "spectrum", "--metrics-num-gen", "0");
        Assert.Equal(2, code);
        Assert.Contains("--metrics-num-gen", error);
        Assert.False(Directory.Exists(tmp.File("runs")) && Directory.GetDirectories(tmp.File("runs")).Length > 0, "a refused run leaves no directory");
    }

    private static string RandomImages(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var rng = new Random(2);
        for (var i = 0; i < count; ++i)
        {
            var pixels = new byte[16 * 16 * 3];
            rng.NextBytes(pixels);
            ImageCodec.WritePng(Path.Combine(folder, $"{i}.png"), new RgbImage(16, 16, pixels));
        }
        return folder;
    }

    /// <summary>
    /// Points the detector variable at a file that does not exist (so any attempt to load the detector fails) and the
    /// cache home into the test folder (so nothing lands in the user's cache), restoring both afterwards.
    /// </summary>
    private sealed class NoDetector : IDisposable
    {
        private readonly string? _detector = Environment.GetEnvironmentVariable(TorchScriptDetector.EnvironmentVariable);
        private readonly string? _cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");

        public NoDetector(TempDir dir)
        {
            Environment.SetEnvironmentVariable(TorchScriptDetector.EnvironmentVariable, dir.File("no-such-detector.pt"));
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", dir.File("xdg-cache"));
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable(TorchScriptDetector.EnvironmentVariable, _detector);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", _cache);
        }
    }

    /// <summary>Trains a tiny GAN on 8 procedural 16×16 faces with --metrics spectrum, snapshots every tick; returns its run directory.</summary>
    private static string TrainWithSpectrum(TempDir dir, string kimg, string tick, string numGen)
    {
        var faces = dir.File("faces");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", "8", "--resolution", "16"]));
        var (code, _, error) = CliRunner.Run("train", "--data", faces, "--outdir", dir.File("runs"), "--resolution", "16", "--batch", "4",
            "--dchannels", "8", "--kimg", kimg, "--tick", tick, "--snap", "1", "--metrics", "spectrum", "--metrics-num-gen", numGen);
        Assert.True(code == 0, error);
        return Assert.Single(Directory.GetDirectories(dir.File("runs")));
    }
}
