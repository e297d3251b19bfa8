using QirenGan.Cli;

namespace QirenGan.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class MappingVerbTests
{
    [Fact]
    public void Dry_run_prints_the_parameter_count_of_every_part_for_a_mera_mapping()
    {
        // Given the official 32×32 model with a MERA mapping of χ = 4
        using var dir = Repo.TempDir();

        // When train --dry-run prints its sizes
        var (code, output, _) = CliRunner.Run("train", "--data", dir.Path, "--dry-run", "--mapping", "mera", "--mapping-bond", "4");

        // Then each mapping layer has 4·2⁴ + 4·4·2² + 2·4⁴ + 2·16·4² = 1152 weights + 256 biases, and G loses the
        // dense mapping's 8·(256² + 256) = 526,336 parameters for 8·1408 = 11,264 (the default preset: the official G and its
        // circuit and coordinate heads, 257·288 and 257·48)
        Assert.Equal(0, code);
        Assert.Contains("G.mapping.fc7", output);
        Assert.Contains("1,408", output);
        Assert.Contains($"{8 * 1408:N0}", output);
        Assert.Contains($"{1_134_963 + 257 * 288 + 257 * 48 - 526_336 + 8 * 1408:N0}", output);
        Assert.Contains("D total", output);
    }

    [Fact]
    public void Bad_mapping_options_are_one_line_errors()
    {
        using var dir = Repo.TempDir();
        var (code, _, error) = CliRunner.Run("train", "--data", dir.Path, "--dry-run", "--mapping", "cp");
        Assert.Equal(2, code);
        Assert.Contains("unknown mapping layer 'cp'", error);
        (code, _, error) = CliRunner.Run("train", "--data", dir.Path, "--dry-run", "--mapping", "tt", "--mapping-bond", "0");
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
    }
}
