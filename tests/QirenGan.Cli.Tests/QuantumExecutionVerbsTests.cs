using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Tests;

/// <summary>`generate --shots/--noise/--zne`: the exact path unchanged, shot renders converging to it, errors named.</summary>
[Collection(TorchCollection.Name)]
public sealed class QuantumExecutionVerbsTests
{
    private static double MeanAbsDifference(string a, string b)
    {
        var x = ImageCodec.Decode(a).Pixels;
        var y = ImageCodec.Decode(b).Pixels;
        return x.Zip(y, (p, q) => Math.Abs(p - q)).Average();
    }

    [Fact]
    public void Shots_converge_to_the_exact_render_and_zero_shots_change_nothing()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        string Render(string name, params string[] extra)
        {
            var (code, output, error) = CliRunner.Run(["generate", "--network", snapshot, "--seeds", "1", "--outdir", dir.File(name), .. extra]);
            Assert.True(code == 0, error);
            Assert.Contains("wrote 1 images", output);
            return dir.File(Path.Combine(name, "seed0001.png"));
        }

        // Given the exact render, and the same with --shots 0 (exact expectations: the exact simulators, untouched)
        var exact = Render("exact");
        Assert.Equal(File.ReadAllBytes(exact), File.ReadAllBytes(Render("zero", "--shots", "0")));

        // When rendered with 10 and 10⁶ shots (twice with one seed)
        var few = Render("few", "--shots", "10", "--shot-seed", "1");
        var again = Render("again", "--shots", "10", "--shot-seed", "1");
        var many = Render("many", "--shots", "1000000");

        // Then the same seed repeats, and many shots are far closer to the exact image than few
        Assert.Equal(File.ReadAllBytes(few), File.ReadAllBytes(again));
        var errorFew = MeanAbsDifference(exact, few);
        var errorMany = MeanAbsDifference(exact, many);
        Assert.True(errorFew > 0, "10 shots must perturb the image");
        Assert.True(errorMany < errorFew / 5, $"10⁶ shots: {errorMany} vs 10 shots: {errorFew} (expected √10⁵-fold smaller up to quantisation)");
    }

    [Fact]
    public void The_shot_budget_is_printed_and_noise_with_ZNE_renders()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        var (code, output, error) = CliRunner.Run(["generate", "--network", snapshot, "--seeds", "2", "--outdir", dir.File("o"),
            "--shots", "100", "--noise", "depol1=1e-3,depol2=1e-2,readout=0.02", "--zne", "1,2,3"]);
        Assert.True(code == 0, error);
        // 16×16 pixels × 4 circuits × 1 basis × 100 shots × 3 noise factors
        Assert.Contains("= 307,200", output);
    }

    [Fact]
    public void Shot_sweep_writes_every_column_a_labelled_grid_and_an_error_falling_with_the_shots()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        // Given two seeds swept over 10 and 10⁶ shots
        var (code, output, error) = CliRunner.Run(["generate", "--network", snapshot, "--seeds", "0,1", "--outdir", dir.File("sweep"),
            "--shot-sweep", "10,1000000"]);
        Assert.True(code == 0, error);
        // Then every column's images are written beside the exact ones
        foreach (var column in new[] { "shots10", "shots1000000", "exact" })
        {
            Assert.True(File.Exists(dir.File(Path.Combine("sweep", column, "seed0001.png"))), column);
        }
        // And the printed MSE against exact is the per-pixel error of those files, and falls with the shots
        double Printed(long n) => double.Parse(output.Split('\n').Single(l => l.StartsWith($"{n} shots: MSE ", StringComparison.Ordinal)).Split(' ')[3],
            System.Globalization.CultureInfo.InvariantCulture);
        double FromFiles(string column) => new[] { 0, 1 }.Average(seed =>
        {
            var a = ImageCodec.Decode(dir.File(Path.Combine("sweep", "exact", $"seed{seed:D4}.png"))).Pixels;
            var b = ImageCodec.Decode(dir.File(Path.Combine("sweep", column, $"seed{seed:D4}.png"))).Pixels;
            return a.Zip(b, (p, q) => (double)(p - q) * (p - q)).Average();
        });
        Assert.Equal(FromFiles("shots10"), Printed(10), 2); // printed with 3 decimals
        Assert.True(Printed(1_000_000) < Printed(10) / 100, $"10⁶ shots {Printed(1_000_000)} vs 10 shots {Printed(10)}: expected ~10⁵× smaller down to quantisation");
        // And the grid holds 2 rows × 3 columns of labelled (enlarged) tiles
        var grid = ImageCodec.Decode(dir.File("sweep-grid.png"));
        Assert.True(grid.Width > 3 * 128 && grid.Height > 2 * 128, $"grid {grid.Width}×{grid.Height}");
    }

    [Fact]
    public void A_noisy_shot_sweep_measures_against_exact_expectations_on_the_same_noisy_device()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        // Given a sweep under depolarising noise, and the same seed rendered with that noise and no shots by generate
        const string Noise = "depol1=0.05,depol2=0.1";
        var sweep = CliRunner.Run(["generate", "--network", snapshot, "--seeds", "0", "--outdir", dir.File("sweep"),
            "--shot-sweep", "100", "--noise", Noise]);
        Assert.True(sweep.Code == 0, sweep.Error);
        var plain = CliRunner.Run(["generate", "--network", snapshot, "--seeds", "0", "--outdir", dir.File("noisy"), "--noise", Noise]);
        Assert.True(plain.Code == 0, plain.Error);
        var noiseless = CliRunner.Run(["generate", "--network", snapshot, "--seeds", "0", "--outdir", dir.File("exact")]);
        Assert.True(noiseless.Code == 0, noiseless.Error);

        // Then the sweep's reference column is the noisy device's exact render, not the noiseless one
        var reference = ImageCodec.Decode(dir.File(Path.Combine("sweep", "exact", "seed0000.png"))).Pixels;
        Assert.Equal(ImageCodec.Decode(dir.File(Path.Combine("noisy", "seed0000.png"))).Pixels, reference);
        Assert.NotEqual(ImageCodec.Decode(dir.File(Path.Combine("exact", "seed0000.png"))).Pixels, reference);
    }

    [Theory]
    [InlineData("--noise", "depol1=2", "--noise")]
    [InlineData("--noise", "foo=0.1", "--noise")]
    [InlineData("--zne", "1,2", "--zne")]
    [InlineData("--shots", "-3", "--shots")]
    [InlineData("--zne-fit", "cubic", "--zne-fit")]
    public void Bad_quantum_options_are_one_error_line_naming_the_option(string option, string value, string named)
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        var (code, _, error) = CliRunner.Run(["generate", "--network", snapshot, "--seeds", "0", "--outdir", dir.File("o"), option, value]);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {named}", error.Trim());
    }

    [Fact]
    public void Noise_scaled_beyond_a_probability_by_ZNE_names_the_option()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        // depol1 = 0.5 scaled 3× is 1.5, not a probability
        var (code, _, error) = CliRunner.Run(["generate", "--network", snapshot, "--seeds", "0", "--outdir", dir.File("o"),
            "--noise", "depol1=0.5", "--zne", "1,3"]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --zne", error.Trim());
    }
}
