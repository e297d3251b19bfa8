using QirenGan.Cli.Commands;
using QirenGan.Discriminator;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch.Profiling;
using QirenGan.Training.Data;

namespace QirenGan.Cli.Bench;

/// <summary>How much the full bench measures.</summary>
/// <param name="Resolutions">Training resolutions (32 is the official configuration).</param>
/// <param name="Warmup">Untimed repetitions before each measurement.</param>
/// <param name="Iterations">Timed training iterations per case (median).</param>
/// <param name="Repeats">Timed repetitions of the circuit and generator measurements (median).</param>
/// <param name="ProfileDir">Where to write operator traces of generator inference and of the official training case
/// (null = no profiling; the profiler slows what it watches, so profiled figures are not reported).</param>
public sealed record BenchSettings(int[] Resolutions, int Warmup = 2, int Iterations = 5, int Repeats = 10, string? ProfileDir = null);

/// <summary>Everything one `qirengan bench` run measured.</summary>
public sealed record BenchReport(
    MachineSettings Machine,
    BenchSettings Settings,
    IReadOnlyList<BenchFigure> Figures,
    IReadOnlyList<QuantumBenchResult> Circuits,
    IReadOnlyList<TrainingResult> Training,
    IReadOnlyList<OperatorProfile> Profiles);

/// <summary>The heaviest operators of one profiled measurement, per repetition.</summary>
public sealed record OperatorProfile(string What, IReadOnlyList<OperatorTime> Operators);

/// <summary>
/// `qirengan bench`: the circuit layer, generator inference and training iterations at the official QIREN GAN
/// configuration (and 64×64), peak memory, .NET allocations, the FLOP count of an iteration against the machine's
/// matrix-multiply peak, each against the official implementation's figure and the project's target.
/// </summary>
public static class BenchSuite
{
    public const int Batch = 32;
    private const int LazyInterval = 16;

    public static BenchReport Run(BenchSettings s, Action<string> progress)
    {
        var machine = MachineSettings.Current();
        var figures = new List<BenchFigure>();

        progress("matrix-multiply peak …");
        var single = InfoCommand.MatmulGflops();
        figures.Add(new BenchFigure("machine", "matmul 512³ float32, OpenBLAS, one core", single, "GFLOP/s"));
        var (peak, source, measured) = InfoCommand.Peak();
        foreach (var m in measured)
        {
            figures.Add(new BenchFigure("machine", m.What, m.Gflops, "GFLOP/s"));
        }
        figures.Add(new BenchFigure("machine", $"peak: the best of the above ({source})", peak, "GFLOP/s"));

        progress("circuit layer …");
        var circuits = Circuits(s, figures);

        progress("generator inference …");
        var official = new GeneratorOptions(32);
        var b1 = GeneratorBench.ImagesPerSecond(official, 1, s.Warmup, s.Repeats * 2);
        var b32 = GeneratorBench.ImagesPerSecond(official, Batch, s.Warmup, s.Repeats * 2);
        figures.Add(new BenchFigure("generator", "inference 32×32, batch 1", b1, "images/s", Direction: Better.Higher));
        figures.Add(new BenchFigure("generator", "inference 32×32, batch 32", b32, "images/s", 880, 3500, Better.Higher));

        var training = Training(s, figures, progress);
        Flops(figures, training, peak);
        var profiles = new List<OperatorProfile>();
        if (s.ProfileDir is { } dir)
        {
            progress($"operator profiles into {dir} …");
            var trace = Path.Combine(dir, "generator-inference-b32.json");
            GeneratorBench.ImagesPerSecond(official, Batch, s.Warmup, s.Repeats, trace);
            profiles.Add(new OperatorProfile("generator inference 32×32, batch 32", PerRepeat(OperatorProfiler.Summarise(trace), s.Repeats)));
            var data = Path.Combine(dir, "faces32");
            SyntheticFaces.WriteFolder(data, Batch * 4, 32, seed: 0);
            var c = new TrainingCase(data, 32, "shared", 0, Batch, s.Warmup, s.Iterations, Path.Combine(dir, "training-32-shared.json"));
            profiles.Add(new OperatorProfile($"training iteration, {c.Name}", TrainingBench.RunInChild(c).Operators ?? []));
            Directory.Delete(data, recursive: true);
        }
        return new BenchReport(machine, s, figures, circuits, training, profiles);
    }

    private static IReadOnlyList<OperatorTime> PerRepeat(IReadOnlyList<OperatorTime> all, int repeats) =>
        all.Take(30).Select(o => o with { SelfMs = o.SelfMs / repeats, TotalMs = o.TotalMs / repeats }).ToList();

    private static List<QuantumBenchResult> Circuits(BenchSettings s, List<BenchFigure> figures)
    {
        var results = new List<QuantumBenchResult>();
        var eight = new QuantumBenchOptions(Batch, Circuits: 8, Resolution: 64, Repeats: s.Repeats, Warmup: s.Warmup);
        var one = eight with { Circuits = 1 };
        SimulationStrategy[] strategies = [SimulationStrategy.Folded, SimulationStrategy.Spectral];
        foreach (var strategy in strategies)
        {
            results.Add(QuantumBenchmark.Encoder(eight, strategy, 0));
            results.Add(QuantumBenchmark.CircuitLayer(eight, strategy, 1));
            results.Add(QuantumBenchmark.CircuitLayer(one, strategy, Batch));
            results.Add(QuantumBenchmark.CircuitLayer(eight, strategy, Batch));
        }
        double Best(Func<QuantumBenchResult, bool> which) => results.Where(which).Min(r => r.ForwardBackwardMs);
        figures.Add(new BenchFigure("circuits", "encoder, 8 circuits, 64×64, shared θ, fwd+bwd", Best(r => r.Case.StartsWith("encoder")),
            "ms", 141, 7));
        figures.Add(new BenchFigure("circuits", "circuit layer, per-image θ, B=32, 64×64 (131,072 circuits), fwd+bwd",
            Best(r => r.Case.Contains("per-image") && r.Evaluations == Batch * 4096L), "ms", 302, 10));
        figures.Add(new BenchFigure("circuits", "circuit layer, per-image θ, B=32, 8 per pixel (1,048,576 circuits), fwd+bwd",
            Best(r => r.Case.Contains("per-image") && r.Evaluations == Batch * 8 * 4096L), "ms"));
        return results;
    }

    private static List<TrainingResult> Training(BenchSettings s, List<BenchFigure> figures, Action<string> progress)
    {
        var results = new List<TrainingResult>();
        var dataRoot = Directory.CreateTempSubdirectory("qirengan-bench-data-").FullName;
        try
        {
            foreach (var r in s.Resolutions)
            {
                var data = Path.Combine(dataRoot, $"faces{r}");
                SyntheticFaces.WriteFolder(data, Batch * 4, r, seed: 0);
                var time = new Dictionary<(string, int), TrainingResult>();
                foreach (var circuit in new[] { "shared", "generated" })
                {
                    foreach (var r1 in new[] { 0, 1 })
                    {
                        var c = new TrainingCase(data, r, circuit, r1, Batch, s.Warmup, s.Iterations);
                        progress($"training {c.Name} …");
                        var result = TrainingBench.RunInChild(c);
                        results.Add(result);
                        time[(circuit, r1)] = result;
                    }
                }
                var official = r == 32;
                foreach (var circuit in new[] { "shared", "generated" })
                {
                    var plain = time[(circuit, 0)];
                    var every = time[(circuit, 1)];
                    var lazy = Batch / (((LazyInterval - 1) * plain.IterationSeconds + every.IterationSeconds) / LazyInterval);
                    var shared = circuit == "shared";
                    figures.Add(new BenchFigure("training", $"{r}×{r} {circuit}, no R1", plain.ImagesPerSecond, "images/s",
                        official && shared ? 45 : null, official && shared ? 70 : null, Better.Higher));
                    figures.Add(new BenchFigure("training", $"{r}×{r} {circuit}, lazy R1 (every {LazyInterval})", lazy, "images/s",
                        null, official && shared ? 55 : null, Better.Higher));
                    figures.Add(new BenchFigure("training", $"{r}×{r} {circuit}, R1 every step", every.ImagesPerSecond, "images/s",
                        official && shared ? 26 : null, Direction: Better.Higher));
                }
                if (official)
                {
                    // The default preset (per-image circuits and coordinate styles, issue 22) against the official network, both with lazy R1.
                    var cases = new[] { 0, 1 }.Select(r1 => new TrainingCase(data, r, "generated", r1, Batch, s.Warmup, s.Iterations,
                        Preset: GeneratorPresets.Default)).ToArray();
                    var measured = cases.Select(c =>
                    {
                        progress($"training {c.Name} …");
                        var result = TrainingBench.RunInChild(c);
                        results.Add(result);
                        return result;
                    }).ToArray();
                    double Lazy(TrainingResult plain, TrainingResult every) =>
                        Batch / (((LazyInterval - 1) * plain.IterationSeconds + every.IterationSeconds) / LazyInterval);
                    var preset = Lazy(measured[0], measured[1]);
                    figures.Add(new BenchFigure("training", $"{r}×{r} default preset, lazy R1 (every {LazyInterval})", preset, "images/s",
                        Direction: Better.Higher));
                    figures.Add(new BenchFigure("training", $"{r}×{r} default preset slower than official (lazy R1) by",
                        100 * (Lazy(time[("shared", 0)], time[("shared", 1)]) / preset - 1), "%", null, 25));
                }
                var slowdown = 100 * (time[("shared", 0)].ImagesPerSecond / time[("generated", 0)].ImagesPerSecond - 1);
                figures.Add(new BenchFigure("training", $"{r}×{r} generated slower than shared by", slowdown, "%", null, official ? 15 : null));
                var peakRss = Math.Max(time[("shared", 0)].PeakRssMiB, time[("shared", 1)].PeakRssMiB);
                figures.Add(new BenchFigure("memory", $"peak RSS, training {r}×{r} shared (with R1)", peakRss, "MiB",
                    official ? 1095 : null, official ? 500 : null));
                figures.Add(new BenchFigure("memory", $"peak RSS, training {r}×{r} shared, no R1", time[("shared", 0)].PeakRssMiB, "MiB",
                    official ? 819 : null));
                if (official)
                {
                    // Garbage that grows with the batch: compare the managed bytes of an iteration at batch 8 and 32.
                    var small = TrainingBench.RunInChild(new TrainingCase(data, r, "shared", 0, 8, s.Warmup, s.Iterations));
                    results.Add(small);
                    var big = time[("shared", 0)];
                    var perImage = (big.ManagedBytesPerIteration - small.ManagedBytesPerIteration) / (Batch - 8);
                    figures.Add(new BenchFigure("memory", "managed allocation per iteration, batch 32", big.ManagedBytesPerIteration / 1024, "KiB"));
                    figures.Add(new BenchFigure("memory", "managed allocation growing with the batch, per image", perImage, "bytes", null, 256));
                    figures.Add(new BenchFigure("memory", "GC collections in the timed iterations (gen0/gen1/gen2)",
                        big.Gen0 + big.Gen1 + big.Gen2, $"({big.Gen0}/{big.Gen1}/{big.Gen2})"));
                }
            }
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
        return results;
    }

    private static void Flops(List<BenchFigure> figures, List<TrainingResult> training, double peak)
    {
        var official = training.FirstOrDefault(t => t.Case is { Resolution: 32, Circuit: "shared", R1Interval: 0, Batch: Batch });
        if (official is null)
        {
            return;
        }
        using var g = new QirenGenerator(new GeneratorOptions(32));
        var flops = IterationFlops.Iteration(g, DiscriminatorOptions.OfficialQiren32, Batch);
        figures.Add(new BenchFigure("flops", "one iteration, 32×32 batch 32, no R1", flops / 1e9, "GFLOP"));
        figures.Add(new BenchFigure("flops", "of which D (forward and backward)", 8 * Batch * IterationFlops.DiscriminatorForward(DiscriminatorOptions.OfficialQiren32) / 1e9, "GFLOP"));
        var achieved = flops / official.IterationSeconds / 1e9;
        figures.Add(new BenchFigure("flops", "achieved", achieved, "GFLOP/s"));
        figures.Add(new BenchFigure("flops", "achieved / peak", 100 * achieved / peak, "%"));
        figures.Add(new BenchFigure("flops", "images/s if every FLOP ran at the peak", Batch * peak * 1e9 / flops, "images/s"));
    }
}
