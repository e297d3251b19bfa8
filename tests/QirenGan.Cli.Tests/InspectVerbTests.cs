using QirenGan.Eval.Runs;
using QirenGan.Eval.Grids;
using QirenGan.Eval.Reports;
using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch.Checkpoints;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class InspectVerbTests
{
    private const int R = TestSnapshot.Resolution;

    /// <summary>
    /// A tiny snapshot whose G_ema looks trained: BatchNorm scales of 1…4 and running statistics unlike the grid's, so
    /// its maps and frequencies differ from the initialisation's.
    /// </summary>
    private static string WriteSnapshot(string runDir, string inr, CircuitMode circuit)
    {
        Directory.CreateDirectory(runDir);
        var options = new TrainingOptions("data", "runs", Kimg: 1, Batch: 4,
            new GeneratorOptions(R, inr, circuit, Features: 4, Hidden: [8], ZDim: 16, WDim: 16, MappingLayers: 2, Seed: 5));
        using var g = new QirenGenerator(options.Generator);
        if (g.Encoder is QuantumEncoder quantum)
        {
            using var scope = DisposeScope.Enter();
            using var rng = new RandomGenerator(9);
            quantum.Quantum.Norm.Weight.CopyFrom(Tensors.Rand([8], rng).Mul(3).Add(1));
            quantum.Quantum.Norm.RunningMean.CopyFrom(Tensors.Randn([8], rng).Mul(0.1));
            quantum.Quantum.Norm.RunningVar.CopyFrom(Tensors.Rand([8], rng).Mul(0.2).Add(0.05));
        }
        var path = RunLayout.Snapshot(runDir, RunLayout.Label(TestSnapshot.CurNimg, fine: false));
        Snapshot.Write(path, options, new TrainingState(TestSnapshot.CurNimg, 3, 0, 0, 0, 0, 0, "", 0), [("G_ema.", g.StateDict())]);
        return path;
    }

    /// <summary>out [N, P, C] → [N, C, R, R] by index arithmetic: map[n, c, y, x] = out[n, y·R + x, c].</summary>
    private static float[] Reshaped(Tensor output, int r)
    {
        var (n, c) = ((int)output.Size(0), (int)output.Size(2));
        var values = output.ToArray<float>();
        var map = new float[values.Length];
        for (var i = 0; i < n; ++i)
        {
            for (var k = 0; k < c; ++k)
            {
                for (var p = 0; p < r * r; ++p)
                {
                    map[(i * c + k) * r * r + p] = values[(i * r * r + p) * c + k];
                }
            }
        }
        return map;
    }

    [Theory]
    [InlineData(CircuitMode.Shared)]
    [InlineData(CircuitMode.Generated)]
    public void Inspect_writes_the_encoder_maps_of_the_snapshot_and_its_initialisation_and_their_frequencies(CircuitMode circuit)
    {
        // Given a tiny QIREN snapshot (4 circuits, 16×16)
        using var tmp = Repo.TempDir();
        var snapshot = WriteSnapshot(tmp.File("run"), "qiren", circuit);

        // When it is inspected at 2× for seeds 4 and 1
        var (code, output, error) = CliRunner.Run("inspect", "--network", snapshot, "--out", tmp.File("inspect"), "--seeds", "4,1", "--scale", "2");
        Assert.True(code == 0, error);

        // Then the raw maps are G_ema's encoder output over each grid, and the initialisation's are a freshly built
        // generator's in its first training step (same float32 computation: 1e-6)
        var (maps, _) = SafeTensors.Read(tmp.File("inspect/" + Commands.InspectCommand.FeaturesFile));
        using var scope = DisposeScope.Enter();
        using var trained = Snapshot.LoadGenerator(snapshot);
        using var fresh = new QirenGenerator(trained.Options);
        var seeds = new[] { 4, 1 };
        IReadOnlyDictionary<string, Tensor> Styles(QirenGenerator g) => circuit == CircuitMode.Generated
            ? g.Heads.Forward(MappingNetwork.Broadcast(g.Mapping.Forward(Latents.FromSeeds(seeds, 16)), g.NumWs))
            : new Dictionary<string, Tensor>();
        var n = circuit == CircuitMode.Generated ? 2 : 1;
        foreach (var r in new[] { R, 2 * R })
        {
            Assert.Equal(new long[] { n, 4, r, r }, maps[$"snapshot.{r}"].Shape);
            Close.All(Reshaped(trained.Encoder.Forward(CoordinateGrid.Create(r, r), Styles(trained)), r),
                maps[$"snapshot.{r}"].ToArray<float>(), 1e-6, what: $"snapshot maps at {r}");
        }
        Close.All(Reshaped(fresh.Encoder.Forward(CoordinateGrid.Create(R, R), Styles(fresh)), R),
            maps[$"init.{R}"].ToArray<float>(), 1e-5, what: "initial maps");   // batch vs stored statistics: 1e-5
        Assert.NotEqual(maps[$"init.{R}"].ToArray<float>(), maps[$"snapshot.{R}"].ToArray<float>());

        // and the grids are laid out one row per image, one column per circuit, at both resolutions
        foreach (var (name, r) in new[] { ("init", R), ("snapshot", R), ("init", 2 * R), ("snapshot", 2 * R) })
        {
            var image = ImageCodec.Decode(tmp.File($"inspect/features-{name}-{r}.png"));
            var layout = ImageGrid.Layout(n * 4, r, r, 4, padding: 2, labels: new GridLabels
            {
                Title = "t",
                Columns = ["c0", "c1", "c2", "c3"],
                Rows = circuit == CircuitMode.Generated ? ["seed 4", "seed 1"] : null,
                Cells = [.. Enumerable.Repeat("x", n * 4)],
            });
            Assert.Equal((layout.Width, layout.Height), (image.Width, image.Height));
        }

        // and frequencies.csv holds, per network and wire, γ·F/(π·√(running var + ε)) of the snapshot's tensors
        var table = CsvTable.Read(tmp.File("inspect/frequencies.csv"));
        Assert.Equal(16, table.Rows.Count);                           // 2 networks × 4 circuits × 2 wires
        var (tensors, _) = SafeTensors.Read(snapshot);
        var f = tensors["G_ema.encoder.quantum.projection"].Double().ToArray<double>();
        var gamma = tensors["G_ema.encoder.quantum.norm.weight"].Double().ToArray<double>();
        var variance = tensors["G_ema.encoder.quantum.norm.running_var"].Double().ToArray<double>();
        var rows = table.Rows.Where(row => row[table.IndexOf("network")] == "snapshot").ToList();
        for (var k = 0; k < 8; ++k)
        {
            var row = rows.Single(row => row[table.IndexOf("circuit")] == $"{k / 2}" && row[table.IndexOf("wire")] == $"{k % 2}");
            var scale = gamma[k] / (Math.PI * Math.Sqrt(variance[k] + 1e-5));
            // G6 in the file: 1e-5 relative
            Close.Scalar(scale * f[2 * k], table.Number(row, table.IndexOf("fx"))!.Value, 1e-5 * Math.Max(1, Math.Abs(scale * f[2 * k])), $"fx of wire {k}");
            Close.Scalar(scale * f[2 * k + 1], table.Number(row, table.IndexOf("fy"))!.Value, 1e-5 * Math.Max(1, Math.Abs(scale * f[2 * k + 1])), $"fy of wire {k}");
        }
        foreach (var t in tensors.Values.Concat(maps.Values))
        {
            t.Dispose();
        }
        Assert.Contains("circuit max", output);
        Assert.True(File.Exists(tmp.File("inspect/frequencies.json")));
    }

    [Fact]
    public void Inspect_renders_a_baseline_features_without_a_frequency_table()
    {
        using var tmp = Repo.TempDir();
        var snapshot = WriteSnapshot(tmp.File("run"), "siren", CircuitMode.Shared);

        var (code, output, error) = CliRunner.Run("inspect", "--network", snapshot, "--out", tmp.File("inspect"), "--scale", "1");

        Assert.True(code == 0, error);
        Assert.Equal(["features-init-16.png", "features-snapshot-16.png", "features.safetensors"],
            Directory.GetFiles(tmp.File("inspect")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("siren has no circuits", output);
    }

    [Fact]
    public void Inspect_names_a_missing_or_corrupt_snapshot_and_a_bad_scale()
    {
        using var tmp = Repo.TempDir();
        var missing = tmp.File("nothing.safetensors");
        var corrupt = tmp.File("corrupt.safetensors");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

        foreach (var path in new[] { missing, corrupt })
        {
            var (code, _, error) = CliRunner.Run("inspect", "--network", path, "--out", tmp.File("out"));
            Assert.Equal(2, code);
            Assert.StartsWith($"error: --network {path}: cannot read the snapshot", error);
            Assert.Single(error.Trim().Split('\n'));
        }
        var snapshot = TestSnapshot.Write(tmp.File("run"));
        var bad = CliRunner.Run("inspect", "--network", snapshot, "--out", tmp.File("out"), "--scale", "0");
        Assert.Equal(2, bad.Code);
        Assert.Contains("--scale must be at least 1", bad.Error);
    }
}
