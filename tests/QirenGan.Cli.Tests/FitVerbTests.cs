using QirenGan.Generator.Signals;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Tests;

/// <summary>`qirengan fit`: presets end to end on tiny signals, the built-in inputs, and one-line errors.</summary>
[Collection(TorchCollection.Name)]
public sealed class FitVerbTests
{
    [Fact]
    public void Fair_preset_fits_the_baselines_of_a_tiny_image_and_prints_the_table()
    {
        using var dir = Repo.TempDir();
        // Given an 8×8 grey zone plate and the fair preset's baselines at a 120-parameter budget, 5 steps
        var (code, output, error) = CliRunner.Run("fit", "--preset", "fair", "--card", "zone-plate", "--size", "8",
            "--budget", "120", "--steps", "5", "--threads", "1", "--out", dir.Path, "--model", "siren");
        // Then it succeeds, prints the table row with the model's usual rate, and writes the table and images
        Assert.True(code == 0, error);
        Assert.Contains("0.0001 constant", output);
        Assert.Contains("zone plate 8×8 grey", output);
        Assert.Equal(2, File.ReadAllLines(dir.File("compare.csv")).Length);
        Assert.Equal((8, 8), (ImageCodec.Decode(dir.File("reconstruction.png")).Width, ImageCodec.Decode(dir.File("target.png")).Height));
        // And the strip is target | model at 16× (128 px high) with a 4 px gap
        var strip = ImageCodec.Decode(dir.File("compare.png"));
        Assert.Equal((2 * 128 + 4, 128), (strip.Width, strip.Height));
    }

    [Fact]
    public void Audio_uses_the_start_of_a_file_shorter_than_the_official_window()
    {
        using var dir = Repo.TempDir();
        // Given the built-in test sound cut to 400 frames
        var tone = TestTone.Create();
        WavFile.Write(dir.File("short.wav"), new WavAudio(tone.SampleRate, [tone.Samples[0][..400]]));
        // When the paper preset's ReLU baseline fits it for 3 steps
        var (code, output, error) = CliRunner.Run("fit", "--audio", dir.File("short.wav"), "--model", "relu", "--steps", "3",
            "--threads", "1", "--out", dir.File("out"));
        // Then it says which frames it used (every 5th of 400: 80 samples) and writes the reconstruction at 44100/5 Hz
        Assert.True(code == 0, error);
        Assert.Contains("using frames [0, 400) instead", output);
        Assert.Contains("80 samples", output);
        var audio = WavFile.Read(dir.File("out/reconstruction.wav"));
        Assert.Equal((8820, 80), (audio.SampleRate, audio.Frames));
    }

    [Fact]
    public void The_test_sound_and_cards_are_written_on_request()
    {
        using var dir = Repo.TempDir();
        Assert.Equal(0, CliRunner.Run("fit", "--test-tone", dir.File("tone.wav")).Code);
        Assert.Equal((44100, 44100), (WavFile.Read(dir.File("tone.wav")).SampleRate, WavFile.Read(dir.File("tone.wav")).Frames));
        Assert.Equal(0, CliRunner.Run("fit", "--test-card", dir.File("card.png")).Code);
        Assert.Equal(32, ImageCodec.Decode(dir.File("card.png")).Width); // the official 32×32 by default
    }

    [Theory]
    [InlineData("--preset", "best", "--preset")]
    [InlineData("--budget", "500", "--budget")]
    [InlineData("--schedule", "step", "--schedule")]
    [InlineData("--circuit", "ring", "--circuit")]
    [InlineData("--strategy", "folded", "--strategy")]
    [InlineData("--lr", "nan", "--lr")]
    [InlineData("--card", "lena", "--card")]
    [InlineData("--threads", "-1", "--threads")]
    [InlineData("--shots", "-5", "--shots")]
    [InlineData("--noise", "depol1=2", "--noise")]
    [InlineData("--noise", "depol1=0.01", "--noise")] // the official circuit has no density-matrix simulation
    [InlineData("--zne", "1,2", "--zne")] // without --noise
    public void Bad_options_are_one_line_errors_naming_the_option(string option, string value, string named)
    {
        // Given a bad value (--budget: only with the fair preset; --strategy folded: not for the official circuit)
        var (code, _, error) = CliRunner.Run("fit", option, value, "--steps", "1");
        // Then the verb exits 2 with one line naming the option
        Assert.Equal(2, code);
        Assert.Contains(named, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Shots_measure_the_fitted_qiren_and_print_both_psnrs_and_the_shot_budget()
    {
        using var dir = Repo.TempDir();
        // Given a 3-step fit of an 8×8 card by a one-layer, 2-qubit QIREN, evaluated at 1000 shots
        var (code, output, error) = CliRunner.Run("fit", "--model", "qiren", "--size", "8", "--qubits", "2", "--hidden-layers", "0",
            "--steps", "3", "--threads", "1", "--shots", "1000", "--out", dir.Path);
        // Then it prints the measured PSNR beside the exact one, the shot budget (64 pixels × 1 circuit × 1 basis × 1000),
        // and the table's extra column, and writes the measured reconstruction
        Assert.True(code == 0, error);
        Assert.Contains("qiren measured (1000 shots, noise none): psnr", output);
        Assert.Contains("shot budget 64 points × 1 circuits × 1 basis × 1000 shots = 64,000 circuit executions", output);
        Assert.Contains("PSNR dB (1000 shots, noise none)", output);
        Assert.True(File.Exists(dir.File("reconstruction-measured.png")));

        // And a classical model alone cannot be measured
        var (refused, _, message) = CliRunner.Run("fit", "--model", "siren", "--size", "8", "--steps", "1", "--shots", "10", "--out", dir.File("siren"));
        Assert.Equal(2, refused);
        Assert.Contains("add qiren to --model", message);
    }
}
