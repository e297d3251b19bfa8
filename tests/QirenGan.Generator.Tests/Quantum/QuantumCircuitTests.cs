using System.Numerics;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

[Collection(TorchCollection.Name)]
public sealed class QuantumCircuitTests
{
    private static readonly SimulationStrategy[] Strategies =
        [SimulationStrategy.Folded, SimulationStrategy.GateByGate, SimulationStrategy.Spectral];

    private static double[] RandomArray(int length, int seed, double scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 2, 3)]
    [InlineData(2, 2, 2)]
    [InlineData(3, 1, 2)]
    [InlineData(4, 2, 1)]
    [InlineData(5, 1, 2)]
    public void Every_strategy_matches_the_dense_reference_with_shared_parameters(int qubits, int depth, int reuploads)
    {
        foreach (var observable in new[] { Observable.ZOnWire0, Observable.ZOnEveryWire })
        {
            // Given one random circuit and a few pixels
            var spec = new CircuitSpec(qubits, depth, reuploads, observable);
            const int pixels = 3;
            var theta = RandomArray((int)spec.ParameterCount, 10 * qubits + reuploads, Math.PI);
            var x = RandomArray(pixels * qubits, 7 + qubits, 2.5);
            var expected = DenseReference.Evaluate(spec, theta, x);
            foreach (var strategy in Strategies)
            {
                using var scope = DisposeScope.Enter();
                // When it is simulated in float64
                var result = QuantumCircuit.Evaluate(spec with { Strategy = strategy },
                    Tensors.FromArray(theta, spec.ParameterShape), Tensors.FromArray(x, [pixels, qubits]));
                // Then it matches the reference
                Assert.Equal(new long[] { pixels, spec.Outputs }, result.Shape);
                Close.All(expected, result.Contiguous().ToArray<double>(), 1e-10, what: $"{strategy} {spec}");
            }
        }
    }

    /// <summary>Flat float64 θ [batch…, S+1, A, n, 3] of one circuit of a batch.</summary>
    private static double[] Slice(double[] all, int index, long size) => all.Skip((int)(index * size)).Take((int)size).ToArray();

    [Theory]
    [InlineData(new long[] { 2, 3 }, new long[] { 1, 3 })] // B images × C circuits, x per circuit (the encoder)
    [InlineData(new long[] { 1, 3 }, new long[] { 2, 3 })] // shared circuits, x per image
    [InlineData(new long[] { 2, 1 }, new long[] { 1, 3 })] // θ per image, x per circuit: both broadcast
    [InlineData(new long[] { 2, 3 }, new long[] { 2, 3 })] // everything per batch entry
    public void Batched_parameters_broadcast_against_batched_inputs(long[] thetaBatch, long[] xBatch)
    {
        var spec = new CircuitSpec(2, 2, 2, Observable.ZOnEveryWire);
        const int pixels = 4;
        var thetaCount = (int)(thetaBatch[0] * thetaBatch[1]);
        var xCount = (int)(xBatch[0] * xBatch[1]);
        var theta = RandomArray(thetaCount * (int)spec.ParameterCount, 3, Math.PI);
        var x = RandomArray(xCount * pixels * 2, 4, 2);
        foreach (var strategy in Strategies)
        {
            using var scope = DisposeScope.Enter();
            // When a batch of circuits is evaluated on a batch of inputs
            var result = QuantumCircuit.Evaluate(spec with { Strategy = strategy },
                Tensors.FromArray(theta, [.. thetaBatch, .. spec.ParameterShape]),
                Tensors.FromArray(x, [.. xBatch, pixels, 2]));
            // Then entry (i, j) is circuit θ[i or 0, j or 0] on inputs x[i or 0, j or 0]
            long outI = Math.Max(thetaBatch[0], xBatch[0]), outJ = Math.Max(thetaBatch[1], xBatch[1]);
            Assert.Equal(new[] { outI, outJ, pixels, spec.Outputs }, result.Shape);
            var actual = result.Contiguous().ToArray<double>();
            for (var i = 0; i < outI; ++i)
            {
                for (var j = 0; j < outJ; ++j)
                {
                    var t = (int)((thetaBatch[0] == 1 ? 0 : i) * thetaBatch[1] + (thetaBatch[1] == 1 ? 0 : j));
                    var u = (int)((xBatch[0] == 1 ? 0 : i) * xBatch[1] + (xBatch[1] == 1 ? 0 : j));
                    var expected = DenseReference.Evaluate(spec, Slice(theta, t, spec.ParameterCount), Slice(x, u, pixels * 2));
                    var offset = (int)((i * outJ + j) * pixels * spec.Outputs);
                    Close.All(expected, actual.Skip(offset).Take(expected.Length).ToArray(), 1e-10, what: $"{strategy} [{i},{j}]");
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Strategies_agree_in_float32_with_shared_and_per_image_parameters(int qubits)
    {
        var spec = new CircuitSpec(qubits, 2, 2, Observable.ZOnEveryWire);
        const int pixels = 5;
        var shared = RandomArray((int)spec.ParameterCount, 20 + qubits, Math.PI).Select(v => (float)v).ToArray();
        var perImage = RandomArray(4 * (int)spec.ParameterCount, 30 + qubits, Math.PI).Select(v => (float)v).ToArray();
        var x = RandomArray(2 * pixels * qubits, 40 + qubits, 2).Select(v => (float)v).ToArray();
        var cases = new (string Name, float[] Theta, long[] ThetaShape, long[] XShape)[]
        {
            ("shared", shared, [1, 1, .. spec.ParameterShape], [1, 2, pixels, qubits]),
            ("per-image", perImage, [2, 2, .. spec.ParameterShape], [1, 2, pixels, qubits]),
        };
        foreach (var c in cases)
        {
            using var scope = DisposeScope.Enter();
            var results = Strategies.Select(s => QuantumCircuit.Evaluate(spec with { Strategy = s },
                Tensors.FromArray(c.Theta, c.ThetaShape), Tensors.FromArray(x, c.XShape)).Contiguous().ToArray<float>()).ToArray();
            for (var s = 1; s < Strategies.Length; ++s)
            {
                Close.All(results[0], results[s], 1e-5, what: $"{c.Name}: {Strategies[s]} vs {Strategies[0]}, n = {qubits}");
            }
        }
    }

    [Fact]
    public void One_qubit_one_reupload_matches_the_closed_form()
    {
        // n = 1, A = 1, S = 1 (no CNOTs): ψ = U3(θ₁,φ₁,λ₁)·RZ(x)·U3(θ₀,φ₀,λ₀)|0⟩.
        // U3(θ₀,φ₀,λ₀)|0⟩ = (cos θ₀/2, e^{iφ₀} sin θ₀/2): the Bloch vector with polar angle θ₀ and azimuth φ₀.
        // RZ(x) rotates it about z by x: azimuth φ₀ + x. Up to a global phase U3(θ,φ,λ) = RZ(φ)·RY(θ)·RZ(λ), so the
        // last gate turns the azimuth to φ₀ + x + λ₁, tilts about y by θ₁ (z' = −sin θ₁·v_x + cos θ₁·v_z), and RZ(φ₁)
        // leaves z alone: ⟨Z⟩ = cos θ₁·cos θ₀ − sin θ₁·sin θ₀·cos(x + φ₀ + λ₁).
        double[] theta = [0.7, 1.1, -0.4, 2.1, 0.3, 0.9];
        double[] xs = [-2.0, -0.3, 0.0, 0.8, 2.6];
        var expected = xs.Select(x =>
            Math.Cos(theta[3]) * Math.Cos(theta[0]) - Math.Sin(theta[3]) * Math.Sin(theta[0]) * Math.Cos(x + theta[1] + theta[5])).ToArray();
        foreach (var strategy in Strategies)
        {
            using var scope = DisposeScope.Enter();
            var spec = new CircuitSpec(1, 1, 1, Observable.ZOnWire0, strategy);
            var result = QuantumCircuit.Evaluate(spec, Tensors.FromArray(theta, spec.ParameterShape), Tensors.FromArray(xs, [xs.Length, 1]));
            Close.All(expected, result.Contiguous().ToArray<double>(), 1e-12, what: $"{strategy} ⟨Z⟩(x)");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void Output_is_a_trigonometric_polynomial_of_degree_at_most_S(int qubits, int reuploads)
    {
        // Given a random circuit with S re-uploads, sampled along x_0 at K equally spaced points of [0, 2π)
        // (other inputs fixed), with K large enough that frequencies up to K/2 are told apart
        const int samples = 16;
        var spec = new CircuitSpec(qubits, 2, reuploads);
        var theta = RandomArray((int)spec.ParameterCount, 50 + 10 * qubits + reuploads, Math.PI);
        var x = new double[samples * qubits];
        for (var k = 0; k < samples; ++k)
        {
            x[k * qubits] = 2 * Math.PI * k / samples;
            for (var q = 1; q < qubits; ++q)
            {
                x[k * qubits + q] = 0.4 * q - 0.3;
            }
        }
        foreach (var strategy in Strategies)
        {
            using var scope = DisposeScope.Enter();
            var f = QuantumCircuit.Evaluate(spec with { Strategy = strategy },
                Tensors.FromArray(theta, spec.ParameterShape), Tensors.FromArray(x, [samples, qubits])).Contiguous().ToArray<double>();
            // When its discrete Fourier transform is taken
            var magnitudes = Enumerable.Range(0, samples / 2 + 1).Select(m =>
            {
                Complex sum = 0;
                for (var k = 0; k < samples; ++k)
                {
                    sum += f[k] * Complex.FromPolarCoordinates(1, -2 * Math.PI * m * k / samples);
                }
                return sum.Magnitude / samples;
            }).ToArray();
            // Then frequencies above S vanish, and frequency S is present
            for (var m = reuploads + 1; m < magnitudes.Length; ++m)
            {
                Close.Scalar(0, magnitudes[m], 1e-12, $"{strategy}: |c_{m}| with S = {reuploads}");
            }
            Assert.True(magnitudes[reuploads] > 1e-4, $"{strategy}: |c_S| = {magnitudes[reuploads]} should not vanish for a random circuit");
        }
    }

    [Fact]
    public void Shape_errors_name_the_expected_shapes()
    {
        using var scope = DisposeScope.Enter();
        var spec = new CircuitSpec(2, 2, 2);
        var error = Assert.Throws<ArgumentException>(() =>
            QuantumCircuit.Evaluate(spec, Tensors.Zeros([3, 2, 2, 4]), Tensors.Zeros([4, 2])));
        Assert.Contains("[*batch, 3, 2, 2, 3]", error.Message);
        error = Assert.Throws<ArgumentException>(() =>
            QuantumCircuit.Evaluate(spec, Tensors.Zeros([2, 3, 2, 2, 3]), Tensors.Zeros([3, 4, 2])));
        Assert.Contains("do not broadcast", error.Message);
        error = Assert.Throws<ArgumentException>(() =>
            QuantumCircuit.Evaluate(spec, Tensors.Zeros([3, 2, 2, 3]), Tensors.Zeros([4, 3])));
        Assert.Contains("x must be [*batch, P, 2]", error.Message);
    }

    [Fact]
    public void Auto_picks_spectral_for_per_image_gan_circuits_and_folded_or_gate_by_gate_for_shared_wide_ones()
    {
        // The GAN's per-image encoder: 8 circuits × 32 images on shared 64×64 inputs
        Assert.Equal(SimulationStrategy.Spectral, QuantumCircuit.ChooseStrategy(new CircuitSpec(2, 2, 2), 8, 32, 1, 4096));
        // A shared 4-qubit representation layer on a 256×256 image
        Assert.Equal(SimulationStrategy.Folded,
            QuantumCircuit.ChooseStrategy(new CircuitSpec(4, 2, 2, Observable.ZOnEveryWire), 1, 1, 1, 65536));
        // 10 qubits: 2¹¹×2¹¹ folded unitaries are out; the statevector is not
        Assert.Equal(SimulationStrategy.GateByGate,
            QuantumCircuit.ChooseStrategy(new CircuitSpec(10, 2, 2, Observable.ZOnEveryWire), 1, 1, 1, 1024));
    }

    [Fact]
    public void Spectral_features_are_cos_and_sin_of_the_listed_frequencies()
    {
        using var scope = DisposeScope.Enter();
        // Given inputs of a 3-qubit, S = 2 circuit
        double[] x = [0.3, -1.1, 2.4, -0.7, 0.05, 1.9];
        var frequencies = SpectralSimulator.Frequencies(3, 2);
        // When its Fourier features are built
        var features = SpectralSimulator.Features(new CircuitSpec(3, 1, 2), Tensors.FromArray(x, [2, 3]));
        // Then they are cos ω·x for every listed ω, then sin ω·x, with ω ∈ {0..2} × {−2..2}²
        Assert.Equal(3 * 5 * 5, frequencies.Length);
        Assert.Equal(new long[] { 2, SpectralSimulator.FeatureCount(3, 2) }, features.Shape);
        var values = features.ToArray<double>();
        for (var p = 0; p < 2; ++p)
        {
            for (var e = 0; e < frequencies.Length; ++e)
            {
                var angle = Enumerable.Range(0, 3).Sum(q => frequencies[e][q] * x[3 * p + q]);
                Close.Scalar(Math.Cos(angle), values[p * 150 + e], 1e-12, $"cos feature {e} at pixel {p}");
                Close.Scalar(Math.Sin(angle), values[p * 150 + 75 + e], 1e-12, $"sin feature {e} at pixel {p}");
            }
        }
        Assert.Contains(frequencies, w => w.SequenceEqual(new[] { 0, -2, 1 }));
        Assert.DoesNotContain(frequencies, w => w[0] < 0);
    }
}
