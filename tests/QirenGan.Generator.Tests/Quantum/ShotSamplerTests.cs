using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>
/// Finite-shot estimates against the exact expectation values: unbiased, with the binomial variance
/// (1 − ⟨Z⟩²)/N, reproducible per seed. Bounds are loose on purpose (≥ 5 standard errors; fixed seeds make
/// every run draw the same samples anyway, so a pass is a pass forever).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ShotSamplerTests
{
    private const int Repeats = 4000;
    private const int Pixels = 4;
    private const long Shots = 50;
    private static readonly CircuitSpec Spec = new(2, 2, 2, Observable.ZOnEveryWire);

    /// <summary>Z on every wire (the joint multinomial) and Z on wire 0 alone (the GAN's circuits: one binomial of its marginal).</summary>
    public static TheoryData<Observable> Observables => new() { Observable.ZOnEveryWire, Observable.ZOnWire0 };
    private static readonly double[] Theta = Enumerable.Range(0, (int)Spec.ParameterCount).Select(i => 2.5 * Math.Sin(1.37 * i + 0.4)).ToArray();
    private static readonly double[] X = [0.3, -0.8, 1.1, 0.2, -1.4, 0.9, 0.5, 1.6];

    /// <summary>The 4 pixels tiled <see cref="Repeats"/> times: every tile is an independent N-shot experiment.</summary>
    private static (double[] Exact, double[] Estimates) Run(ulong seed, Observable observable = Observable.ZOnEveryWire)
    {
        var spec = Spec with { Observable = observable };
        using var scope = DisposeScope.Enter();
        var theta = Tensors.FromArray(Theta, [1, .. Spec.ParameterShape]);
        var x = Tensors.FromArray(X, [1, Pixels, 2]);
        var exact = QuantumCircuit.Evaluate(spec, theta, x).Contiguous().ToArray<double>(); // [P·outputs]
        var tiled = x.Repeat(1, Repeats, 1); // [1, R·P, 2]
        var execution = new QuantumExecution(Shots: Shots, Seed: seed);
        using var shots = new ShotStream(execution.Seed);
        var estimates = execution.Evaluate(spec, theta, tiled, shots).Contiguous().ToArray<double>(); // [R·P·outputs]
        return (exact, estimates);
    }

    [Theory]
    [MemberData(nameof(Observables))]
    public void Shot_estimates_are_unbiased_with_binomial_variance(Observable observable)
    {
        // Given R independent N-shot estimates of each ⟨Z_q⟩ (fixed seed)
        var (exact, estimates) = Run(seed: 7, observable);
        var outputs = exact.Length;
        for (var o = 0; o < outputs; ++o)
        {
            var samples = Enumerable.Range(0, Repeats).Select(r => estimates[r * outputs + o]).ToArray();
            var mean = samples.Average();
            var variance = samples.Sum(s => (s - mean) * (s - mean)) / (Repeats - 1);
            var expectedVariance = (1 - exact[o] * exact[o]) / Shots;
            Assert.True(Math.Abs(exact[o]) < 0.95, $"test circuit: ⟨Z⟩ = {exact[o]} too close to ±1 for a relative variance check");

            // Then their mean is within 5 standard errors √(Var/R) of the exact value (P(fail) < 1e−6 per value)
            var standardError = Math.Sqrt(expectedVariance / Repeats);
            Assert.True(Math.Abs(mean - exact[o]) < 5 * standardError,
                $"output {o}: mean {mean} vs exact {exact[o]} (5σ = {5 * standardError})");

            // And their sample variance is (1 − ⟨Z⟩²)/N within 20 % (its relative standard error is √(2/R) ≈ 2.2 %)
            Assert.True(Math.Abs(variance / expectedVariance - 1) < 0.2,
                $"output {o}: variance {variance} vs (1 − ⟨Z⟩²)/N = {expectedVariance}");
        }
    }

    [Theory]
    [MemberData(nameof(Observables))]
    public void The_same_seed_gives_the_same_shots_and_another_seed_other_shots(Observable observable)
    {
        var (_, a) = Run(seed: 3, observable);
        var (_, b) = Run(seed: 3, observable);
        var (_, c) = Run(seed: 4, observable);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Counts_sum_to_the_shots_and_follow_certain_outcomes()
    {
        using var scope = DisposeScope.Enter();
        using var generator = new RandomGenerator(1);
        // Given distributions with certain outcomes and one with an outcome of probability 0
        var p = Tensors.FromArray(new double[] { 0, 0, 1, 0, 0.5, 0, 0.5, 0, 1, 0, 0, 0 }, [3, 4]);
        var counts = ShotSampler.SampleCounts(p, 1000, generator).ToArray<double>();
        Close.All([0, 0, 1000, 0], counts[..4], 0, 0, "certain outcome 2");
        Assert.Equal(1000, counts[4] + counts[6]);
        Assert.Equal(0, counts[5] + counts[7]);
        Close.All([1000, 0, 0, 0], counts[8..], 0, 0, "certain outcome 0");
    }

    [Fact]
    public void Bad_shot_counts_name_the_option()
    {
        using var scope = DisposeScope.Enter();
        var theta = Tensors.FromArray(Theta, [1, .. Spec.ParameterShape]);
        var x = Tensors.FromArray(X, [1, Pixels, 2]);
        var error = Assert.Throws<ArgumentException>(() => new QuantumExecution(Shots: -5).Evaluate(Spec, theta, x));
        Assert.Contains("--shots", error.Message);
    }
}
