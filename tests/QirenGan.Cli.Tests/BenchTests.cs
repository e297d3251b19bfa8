using System.Text.Json;
using QirenGan.Cli;
using QirenGan.Cli.Bench;
using QirenGan.Discriminator;

namespace QirenGan.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class BenchTests
{
    [Fact]
    public void Discriminator_flops_match_the_modules_weights_times_their_output_pixels()
    {
        // Given the official D, whose weights say how many multiply-adds each layer does per output pixel
        var options = DiscriminatorOptions.OfficialQiren32;
        using var d = new QirenGan.Discriminator.Discriminator(options);
        double macs = 0;
        foreach (var (name, module) in d.NamedModules())
        {
            if (!name.Contains('.'))
            {
                continue; // D itself and the blocks
            }
            // "b32.conv0" runs at 32², "b32.conv1"/"b32.skip" write 16², "b4.conv" 4², the FC layers one "pixel".
            var side = int.Parse(name[1..name.IndexOf('.')]);
            macs += module switch
            {
                Conv2dLayer c => c.Weight.Numel * (double)(c.Down == 2 ? side / 2 * (side / 2) : side * side),
                FullyConnectedLayer f => f.Weight.Numel,
                _ => 0,
            };
        }
        // The FIR filters: 16 taps per channel per output pixel, at (R+1)² before conv1 and (R/2)² in the skip.
        double fir = 0;
        foreach (var r in new[] { 32, 16, 8 })
        {
            fir += 16.0 * 128 * ((r + 1) * (r + 1) + r / 2 * (r / 2));
        }

        // Then the bench's count is two flops per multiply-add of those layers
        Assert.Equal(2 * (macs + fir), IterationFlops.DiscriminatorForward(options), 6);
        Assert.InRange(IterationFlops.DiscriminatorForward(options), 5.0e8, 5.3e8); // ≈ 0.52 GFLOP per image
    }

    [Fact]
    public void A_training_case_reports_its_iteration_time_phases_and_memory()
    {
        // Given a tiny dataset
        using var dir = Repo.TempDir();
        var faces = Path.Combine(dir.Path, "faces");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", "8", "--resolution", "16", "--seed", "1"]));

        // When the bench times one case with the operator profiler on
        var trace = dir.File("trace.json");
        var c = new TrainingCase(faces, 16, "generated", 1, 4, 1, 2, trace);
        var (code, output, error) = CliRunner.Run("bench", "--training-case", JsonSerializer.Serialize(c));
        Assert.True(code == 0, error);
        var result = JsonSerializer.Deserialize<TrainingResult>(output)!;

        // Then images/s is the batch over the median iteration, the phases cover the iteration's parts and the
        // profile's heaviest operators include the convolutions D runs on
        Assert.Equal(4 / result.IterationSeconds, result.ImagesPerSecond, 6);
        var phases = result.Phases.Select(p => p.Phase).ToList();
        Assert.Contains("G step: fakes backward", phases);
        Assert.Contains("D step: reals with R1 backward", phases);
        Assert.All(result.Phases, p => Assert.True(p.Ms >= 0));
        Assert.InRange(result.Phases.Sum(p => p.Ms), 0.5 * result.IterationSeconds * 1000, 3 * result.IterationSeconds * 1000);
        Assert.True(result.PeakRssMiB > 50);
        Assert.Contains(result.Operators!, o => o.Name == "aten::convolution_backward");
        Assert.True(File.Exists(trace));
    }

    [Fact]
    public void Bad_bench_options_exit_with_code_two()
    {
        Assert.Equal(2, CliRunner.Run("bench", "--iterations", "0").Code);
        Assert.Equal(2, CliRunner.Run("bench", "--resolutions", "24").Code);
    }
}
