using System.Diagnostics;
using QirenGan.Generator.Coordinates;
using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>What `qirengan bench quantum` measures.</summary>
/// <param name="Batch">B, images per batch for the per-image cases.</param>
/// <param name="Circuits">C, circuits of the encoder (official GAN: 8).</param>
/// <param name="Resolution">Pixels per side of the coordinate grid (P = Resolution²).</param>
/// <param name="Depth">A (official: 2).</param>
/// <param name="Reuploads">S (official: 2).</param>
/// <param name="Repeats">Timed repetitions; the median is reported.</param>
/// <param name="Warmup">Untimed repetitions first.</param>
public sealed record QuantumBenchOptions(
    int Batch = 32,
    int Circuits = 8,
    int Resolution = 64,
    int Depth = 2,
    int Reuploads = 2,
    int Repeats = 10,
    int Warmup = 2);

/// <summary>One measured configuration: median milliseconds of a forward pass and of forward + backward.</summary>
/// <param name="Case">What was run (the circuit layer or the whole encoder, shared or per-image angles).</param>
/// <param name="Strategy">The strategy asked for.</param>
/// <param name="Resolved">The strategy that ran (Auto's choice).</param>
/// <param name="Evaluations">Circuit evaluations per pass (images × circuits × pixels).</param>
/// <param name="ForwardMs">Median forward time (autograd recording on).</param>
/// <param name="ForwardBackwardMs">Median forward + backward time (gradients of angles and inputs).</param>
/// <param name="CpuMs">Median process CPU time of forward + backward, summed over threads (steadier than wall time on a shared machine).</param>
public sealed record QuantumBenchResult(
    string Case,
    SimulationStrategy Strategy,
    SimulationStrategy Resolved,
    long Evaluations,
    double ForwardMs,
    double ForwardBackwardMs,
    double CpuMs);

/// <summary>
/// Timings of the circuit layer at the official QIREN GAN shape (2 qubits, A = 2, S = 2, 8 circuits, 64×64 pixels)
/// with shared angles and with per-image angles for a batch, for every strategy; warm-up then medians.
/// </summary>
public static class QuantumBenchmark
{
    public static readonly SimulationStrategy[] AllStrategies =
    [
        SimulationStrategy.Folded, SimulationStrategy.GateByGate, SimulationStrategy.Spectral, SimulationStrategy.Auto,
    ];

    public static IReadOnlyList<QuantumBenchResult> Run(QuantumBenchOptions options, IEnumerable<SimulationStrategy>? strategies = null)
    {
        var results = new List<QuantumBenchResult>();
        foreach (var strategy in strategies ?? AllStrategies)
        {
            foreach (var perImage in new[] { false, true })
            {
                results.Add(CircuitLayer(options, strategy, perImage ? options.Batch : 1));
                results.Add(Encoder(options, strategy, perImage ? options.Batch : 0));
            }
        }
        return results;
    }

    /// <summary>
    /// Forward + backward milliseconds of every strategy for n = 1..<paramref name="maxQubits"/>, Z on every wire,
    /// on <paramref name="pixels"/> shared inputs, with one shared circuit and with <paramref name="images"/>
    /// per-image circuits, to see where each strategy wins (and what Auto picks).
    /// </summary>
    public static IReadOnlyList<(int Qubits, int Images, SimulationStrategy Strategy, SimulationStrategy Resolved, double Milliseconds)> Sweep(
        int maxQubits, long pixels, int images, int depth, int reuploads, int repeats)
    {
        var results = new List<(int, int, SimulationStrategy, SimulationStrategy, double)>();
        for (var n = 1; n <= maxQubits; ++n)
        {
            foreach (var batch in new[] { 1, images })
            {
                foreach (var strategy in AllStrategies)
                {
                    var spec = new CircuitSpec(n, depth, reuploads, Observable.ZOnEveryWire, strategy);
                    var resolved = strategy == SimulationStrategy.Auto ? QuantumCircuit.ChooseStrategy(spec, 1, batch, 1, pixels) : strategy;
                    if (double.IsPositiveInfinity(QuantumCircuit.EstimatedCost(spec, resolved, 1, batch, 1, pixels)))
                    {
                        continue;
                    }
                    using var scope = DisposeScope.Enter();
                    using var generator = new RandomGenerator(7);
                    var theta = Tensors.Rand([batch, .. spec.ParameterShape], generator).Mul(2 * Math.PI).RequiresGrad_();
                    var x = Tensors.Randn([1, pixels, n], generator).RequiresGrad_();
                    var gradient = Tensors.Randn([batch, pixels, spec.Outputs], generator);
                    var (_, both, _) = Time(() => QuantumCircuit.Evaluate(spec, theta, x), gradient, [theta, x], repeats, 1);
                    results.Add((n, batch, strategy, resolved, both));
                }
            }
        }
        return results;
    }

    /// <summary>
    /// The circuit layer alone (2 qubits, Z on wire 0) with <paramref name="images"/> sets of angles (1 = shared),
    /// <see cref="QuantumBenchOptions.Circuits"/> circuits per pixel: images × circuits × pixels evaluations.
    /// </summary>
    public static QuantumBenchResult CircuitLayer(QuantumBenchOptions options, SimulationStrategy strategy, int images)
    {
        var (spec, resolved, evaluations) = Setup(options, strategy, images);
        var (forward, both, cpu) = TimeCircuit(spec, options, images);
        return new QuantumBenchResult(images == 1 ? "circuit layer, shared θ" : $"circuit layer, per-image θ (B={images})",
            strategy, resolved, evaluations, forward, both, cpu);
    }

    /// <summary>The whole encoder (F·p → BN → circuits), shared angles (<paramref name="batch"/> = 0) or per-image offsets.</summary>
    public static QuantumBenchResult Encoder(QuantumBenchOptions options, SimulationStrategy strategy, int batch)
    {
        var (spec, resolved, evaluations) = Setup(options, strategy, Math.Max(batch, 1));
        var (forward, both, cpu) = TimeEncoder(spec, options, batch);
        return new QuantumBenchResult(
            batch == 0 ? "encoder F·p→BN→circuits, shared θ" : $"encoder F·p→BN→circuits, per-image θ (B={batch})",
            strategy, resolved, evaluations, forward, both, cpu);
    }

    /// <summary>The official 2-qubit circuit with <paramref name="strategy"/>, what Auto resolves to, and the evaluations per pass.</summary>
    private static (CircuitSpec Spec, SimulationStrategy Resolved, long Evaluations) Setup(QuantumBenchOptions options,
        SimulationStrategy strategy, int images)
    {
        var spec = new CircuitSpec(2, options.Depth, options.Reuploads, Observable.ZOnWire0, strategy);
        var pixels = (long)options.Resolution * options.Resolution;
        var resolved = strategy == SimulationStrategy.Auto
            ? QuantumCircuit.ChooseStrategy(spec, options.Circuits, images, 1, pixels)
            : strategy;
        return (spec, resolved, images * options.Circuits * pixels);
    }

    private static (double Forward, double Both, double Cpu) TimeCircuit(CircuitSpec spec, QuantumBenchOptions options, int images)
    {
        using var scope = DisposeScope.Enter();
        using var generator = new RandomGenerator(1);
        var pixels = (long)options.Resolution * options.Resolution;
        var theta = Tensors.Rand([images, options.Circuits, .. spec.ParameterShape], generator).Mul(2 * Math.PI).RequiresGrad_();
        var x = Tensors.Randn([1, options.Circuits, pixels, 2], generator).RequiresGrad_();
        var gradient = Tensors.Randn([images, options.Circuits, pixels, 1], generator);
        return Time(() => QuantumCircuit.Evaluate(spec, theta, x), gradient, [theta, x], options.Repeats, options.Warmup);
    }

    private static (double Forward, double Both, double Cpu) TimeEncoder(CircuitSpec spec, QuantumBenchOptions options, int batch)
    {
        using var scope = DisposeScope.Enter();
        using var encoder = new QuantumFeatureEncoder(options.Circuits, options.Depth, options.Reuploads, seed: 3)
        {
            Strategy = spec.Strategy,
        };
        using var generator = new RandomGenerator(2);
        var coords = CoordinateGrid.Create(options.Resolution, options.Resolution);
        var offsets = batch > 0
            ? Tensors.Randn([batch, .. encoder.ThetaShape], generator).Mul(0.1).RequiresGrad_()
            : null;
        var gradient = Tensors.Randn([Math.Max(batch, 1), coords.Size(0), options.Circuits], generator);
        var leaves = encoder.Parameters().Select(p => p.Value).Concat(offsets is null ? [] : [offsets]).ToArray();
        return Time(() => encoder.Forward(coords, offsets), gradient, leaves, options.Repeats, options.Warmup);
    }

    private static (double Forward, double Both, double Cpu) Time(Func<Tensor> forward, Tensor gradient, Tensor[] leaves,
        int repeats, int warmup)
    {
        var forwardTimes = new List<double>();
        var bothTimes = new List<double>();
        var cpuTimes = new List<double>();
        for (var i = 0; i < warmup + repeats; ++i)
        {
            foreach (var leaf in leaves)
            {
                leaf.Grad = null;
            }
            using var scope = DisposeScope.Enter();
            var cpu = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            var output = forward();
            var forwardMs = clock.Elapsed.TotalMilliseconds;
            Autograd.Backward([output], [gradient]);
            var bothMs = clock.Elapsed.TotalMilliseconds;
            var cpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
            if (i >= warmup)
            {
                forwardTimes.Add(forwardMs);
                bothTimes.Add(bothMs);
                cpuTimes.Add(cpuMs);
            }
        }
        return (Median(forwardTimes), Median(bothTimes), Median(cpuTimes));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values[values.Count / 2];
    }
}
