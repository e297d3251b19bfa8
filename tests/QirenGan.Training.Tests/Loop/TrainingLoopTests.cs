using QirenGan.Eval.Runs;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch.Checkpoints;
using QirenGan.Training.Loop;

namespace QirenGan.Training.Tests.Loop;

[Collection(TorchCollection.Name)]
public sealed class TrainingLoopTests
{
    private static float[] Flatten(QirenGan.Torch.Nn.Module m) =>
        m.NamedParameters().SelectMany(p => p.Value.Value.Float().ToArray<float>()).ToArray();

    [Fact]
    public void Encoder_lr_multiplier_scales_the_first_step_of_the_frequency_parameters_only()
    {
        // Two runs from the same seeds differ only in the multiplier, so up to G's first Adam step they are identical,
        // and Adam's first step (β₁ = 0) moves each parameter by lr·m·g/(|g| + ε): F and BatchNorm's scale and shift
        // move 0.1× as far, every other parameter of G exactly as far.
        using var dir = Repo.TempDir();
        var plain = TinyRun.Options(TinyRun.Faces(dir), dir.File("runs"), kimg: 0.004);
        var slow = plain with { Generator = plain.Generator with { EncoderLrMultiplier = 0.1 } };
        Dictionary<string, float[]> Step(TrainingOptions o, string name, out Dictionary<string, float[]> before)
        {
            using var loop = new TrainingLoop(o, RunDirectory.Create(o.OutDir, name), _ => { });
            before = loop.G.NamedParameters().ToDictionary(p => p.Name, p => p.Value.Value.Float().ToArray<float>());
            loop.Iterate();
            return loop.G.NamedParameters().ToDictionary(p => p.Name, p => p.Value.Value.Float().ToArray<float>());
        }
        var afterPlain = Step(plain, "plain", out var start);
        var afterSlow = Step(slow, "slow", out var startSlow);
        var frequency = new[] { "encoder.quantum.projection", "encoder.quantum.norm.weight", "encoder.quantum.norm.bias" };
        foreach (var (name, p0) in start)
        {
            Assert.Equal(p0, startSlow[name]);
            var ratio = frequency.Contains(name) ? 0.1 : 1.0;
            var dPlain = afterPlain[name].Zip(p0, (a, b) => (double)a - b).ToArray();
            var dSlow = afterSlow[name].Zip(p0, (a, b) => (double)a - b).ToArray();
            Close.All(dPlain.Select(d => d * ratio).ToArray(), dSlow, 2e-6, what: name);
        }
        Assert.Contains(afterPlain["encoder.quantum.projection"].Zip(start["encoder.quantum.projection"]), p => p.First != p.Second);
    }

    [Theory]
    [InlineData(CircuitMode.Shared)]
    [InlineData(CircuitMode.Generated)]
    public void A_few_steps_at_16x16_change_the_parameters_and_keep_losses_finite(CircuitMode circuit)
    {
        using var dir = Repo.TempDir();
        var options = TinyRun.Options(TinyRun.Faces(dir), dir.File("runs"), kimg: 0.012, circuit);
        var runDir = RunDirectory.Create(options.OutDir, "tiny");
        var ticks = new List<TickStats>();
        using var loop = new TrainingLoop(options, runDir, _ => { });
        loop.Ticked += ticks.Add;
        var g0 = Flatten(loop.G);
        var d0 = Flatten(loop.Dnet);

        var snapshot = loop.Run();

        Assert.NotEqual(g0, Flatten(loop.G));
        Assert.NotEqual(d0, Flatten(loop.Dnet));
        Assert.Equal(0.012, loop.CurNimg / 1000.0, 9);
        Assert.NotEmpty(ticks);
        Assert.All(ticks, t => Assert.True(double.IsFinite(t.LossG) && double.IsFinite(t.LossD)));
        Assert.Contains(ticks, t => t.R1.HasValue);
        Assert.True(File.Exists(snapshot));
        Assert.True(File.Exists(Path.Combine(runDir, "reals.png")));
        // 12 images: snapshots come less than a kimg apart (KimgPerTick · SnapTicks < 1), so the finer name
        Assert.True(File.Exists(RunLayout.Fakes(runDir, "000000.012")));
        Assert.Equal(ticks.Count + 1, File.ReadAllLines(Path.Combine(runDir, "stats.csv")).Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resume_after_a_few_steps_equals_an_uninterrupted_run_exactly(bool styled)
    {
        using var dir = Repo.TempDir();
        var data = TinyRun.Faces(dir);
        TrainingOptions Options(string outDir, double kimg)
        {
            var o = TinyRun.Options(data, dir.File(outDir), kimg);
            // the generator options of issue 22: per-image coordinate styles with per-image circuits
            return styled ? o with { Generator = o.Generator with { CoordinateStyles = CoordinateStyle.Affine, Circuit = CircuitMode.Generated } } : o;
        }

        // Given an uninterrupted run of 4 iterations
        var full = Options("full", 0.016);
        float[] expectedG, expectedD, expectedEma;
        using (var loop = new TrainingLoop(full, RunDirectory.Create(full.OutDir, "full"), _ => { }))
        {
            loop.Run();
            (expectedG, expectedD, expectedEma) = (Flatten(loop.G), Flatten(loop.Dnet), Flatten(loop.GEma));
        }

        // When another run stops after 2 iterations and a new process resumes from its snapshot
        var half = Options("half", 0.008);
        string snapshot;
        using (var loop = new TrainingLoop(half, RunDirectory.Create(half.OutDir, "half"), _ => { }))
        {
            snapshot = loop.Run();
        }
        using var saved = Snapshot.Read(snapshot);
        Assert.Equal(8, saved.State.CurNimg);
        Assert.Equal(styled ? CoordinateStyle.Affine : CoordinateStyle.None, saved.Options.Generator.CoordinateStyles);
        using var resumed = new TrainingLoop(saved.Options with { Kimg = 0.016 }, RunDirectory.Create(half.OutDir, "resumed"), _ => { }, saved);
        resumed.Run();

        // Then every parameter is bit-identical
        Assert.Equal(expectedG, Flatten(resumed.G));
        Assert.Equal(expectedD, Flatten(resumed.Dnet));
        Assert.Equal(expectedEma, Flatten(resumed.GEma));
    }

    [Fact]
    public void Snapshot_rebuilds_its_generator_and_rejects_other_files()
    {
        using var dir = Repo.TempDir();
        var options = TinyRun.Options(TinyRun.Faces(dir), dir.File("runs"), kimg: 0.004);
        string path;
        float[] ema;
        using (var loop = new TrainingLoop(options, RunDirectory.Create(options.OutDir, "x"), _ => { }))
        {
            path = loop.Run();
            ema = Flatten(loop.GEma);
        }
        using (var g = Snapshot.LoadGenerator(path))
        {
            Assert.Equal(ema, Flatten(g));
            Assert.False(g.Training);
        }

        // A truncated snapshot names the file; a safetensors file of something else is refused.
        var bytes = File.ReadAllBytes(path);
        var cut = dir.File("cut.safetensors");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.Contains(cut, Assert.Throws<InvalidDataException>(() => Snapshot.Read(cut)).Message);
        var other = dir.File("other.safetensors");
        using (var scope = DisposeScope.Enter())
        {
            SafeTensors.Write(other, new Dictionary<string, Tensor> { ["w"] = Tensors.Ones([2]) });
        }
        Assert.Contains("not a QirenGan snapshot", Assert.Throws<InvalidDataException>(() => Snapshot.Read(other)).Message);
    }

    [Fact]
    public void Latest_snapshot_skips_a_damaged_newer_file()
    {
        using var dir = Repo.TempDir();
        var options = TinyRun.Options(TinyRun.Faces(dir), dir.File("runs"), kimg: 0.004);
        var runDir = RunDirectory.Create(options.OutDir, "x");
        string good;
        using (var loop = new TrainingLoop(options, runDir, _ => { }))
        {
            good = loop.Run();
        }
        // A later snapshot that was cut short (e.g. copied while being written) must not be picked.
        File.WriteAllBytes(RunLayout.Snapshot(runDir, RunLayout.Label(7000, fine: false)), File.ReadAllBytes(good)[..100]);
        var warnings = new List<string>();
        Assert.Equal(good, RunDirectory.FindLatestSnapshot(options.OutDir, warnings.Add));
        Assert.Single(warnings);
    }

    [Fact]
    public void Empty_folder_and_bad_resolution_are_clear_errors()
    {
        using var dir = Repo.TempDir();
        Directory.CreateDirectory(dir.File("empty"));
        var options = TinyRun.Options(dir.File("empty"), dir.File("runs"), kimg: 0.004);
        var error = Assert.ThrowsAny<Exception>(() => new TrainingLoop(options, RunDirectory.Create(options.OutDir, "x"), _ => { }));
        Assert.Contains("empty", error.Message);
        var bad = options with { Generator = options.Generator with { Resolution = 24 } };
        Assert.Contains("power of two", Assert.Throws<ArgumentException>(() => bad.Validate()).Message);
    }

    [Fact]
    public void Nan_loss_stops_the_run_naming_the_step_and_writes_no_snapshot()
    {
        using var dir = Repo.TempDir();
        // A finite but absurd learning rate (∞ is refused up front): the first step sends weights to ~1e30, the next
        // forward pass overflows
        var options = TinyRun.Options(TinyRun.Faces(dir), dir.File("runs"), kimg: 0.016) with { GLr = 1e30, DLr = 1e30 };
        var runDir = RunDirectory.Create(options.OutDir, "nan");
        using var loop = new TrainingLoop(options, runDir, _ => { });
        var error = Assert.Throws<TrainingDivergedException>(() => loop.Run());
        Assert.Contains("iteration", error.Message);
        Assert.Empty(RunLayout.Snapshots(runDir));
    }
}
