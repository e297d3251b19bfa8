using QirenGan.Eval.Runs;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Tests;

/// <summary>`train --noise`: a noise-aware generator trained through the density-matrix simulation, stored in its snapshot.</summary>
[Collection(TorchCollection.Name)]
public sealed class NoisyTrainingVerbTests
{
    [Fact]
    public void Train_with_noise_stores_it_and_generate_renders_with_it_unless_overridden()
    {
        using var dir = Repo.TempDir();
        var faces = dir.File("faces");
        var runs = dir.File("runs");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", "4", "--resolution", "16"]));

        // Given a tiny noise-aware run (gradients flow through the density matrices)
        var (code, _, error) = CliRunner.Run(["train", "--data", faces, "--outdir", runs, "--resolution", "16", "--batch", "4",
            "--kimg", "0.004", "--tick", "0.004", "--dchannels", "8", "--noise", "depol1=0.01,depol2=0.05"]);
        Assert.True(code == 0, error);
        var run = Assert.Single(Directory.GetDirectories(runs));
        Assert.EndsWith("-noisy", run);
        Assert.Contains("depol1=0.01,depol2=0.05", File.ReadAllText(Path.Combine(run, "options.json")));
        var snapshot = RunLayout.Snapshots(run)[^1];

        // When rendered as trained (noisy), with --noise none (exact circuits) and without options again
        string Render(string name, params string[] extra)
        {
            var (c, o, e) = CliRunner.Run(["generate", "--network", snapshot, "--seeds", "0", "--outdir", dir.File(name), .. extra]);
            Assert.True(c == 0, e);
            return Path.Combine(dir.File(name), "seed0000.png");
        }
        var noisy = Render("noisy");
        var exact = Render("exact", "--noise", "none");

        // Then the two differ: the stored noise is applied by default and --noise none removes it
        Assert.NotEqual(File.ReadAllBytes(noisy), File.ReadAllBytes(exact));
        Assert.Equal(2, CliRunner.Run(["train", "--data", faces, "--outdir", runs, "--inr", "siren", "--noise", "depol1=0.1"]).Code);
    }
}
