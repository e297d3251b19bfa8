using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

[Collection(TorchCollection.Name)]
public sealed class EncoderFrequenciesTests
{
    /// <summary>
    /// An encoder whose BatchNorm looks trained: scales γ of either sign in 1…3, shifts, and running statistics unlike
    /// the grid's, so the frequencies depend on every term of γ·F/√(σ² + ε).
    /// </summary>
    private static QuantumFeatureEncoder TrainedLooking(int circuits, ulong seed)
    {
        var encoder = new QuantumFeatureEncoder(circuits, seed: seed);
        using var scope = DisposeScope.Enter();
        using var rng = new RandomGenerator(seed + 100);
        var k = 2L * circuits;
        var sign = Tensors.Rand([k], rng).Lt(0.3).To(ScalarType.Float32).Mul(-2).Add(1);   // ±1, mostly +1
        encoder.Norm.Weight.CopyFrom(Tensors.Rand([k], rng).Mul(2).Add(1).Mul(sign));
        encoder.Norm.Bias.CopyFrom(Tensors.Randn([k], rng));
        encoder.Norm.RunningMean.CopyFrom(Tensors.Randn([k], rng).Mul(0.2));
        encoder.Norm.RunningVar.CopyFrom(Tensors.Rand([k], rng).Mul(0.18).Add(0.02));
        return encoder;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Wire_frequency_equals_the_phase_advance_of_its_angle_between_neighbouring_pixels(bool training)
    {
        // Given an encoder in evaluation mode (running statistics) or training mode (the grid's batch statistics)
        const int r = 12;
        using var scope = DisposeScope.Enter();
        using var encoder = TrainedLooking(3, 7);
        encoder.Train(training);

        // When its frequencies are computed, and its RZ angles over the R×R grid are evaluated
        var circuits = EncoderFrequencies.Of(encoder, r);
        var u = encoder.EncodingAngles(CoordinateGrid.Create(r, r)).ToArray<float>();           // [1, C, P, 2]

        // Then one pixel to the right the angle of wire k advances by 2π·fx/R, one pixel down by 2π·fy/R (pixels are
        // 2/R coordinate units apart and f counts cycles per 2 units). Angles reach |u| ≈ 10 in float32, whose
        // rounding through F·p and the BatchNorm stays ~1e-5: 1e-4 is far below a wrong formula (π vs 2π: ~0.5).
        var (expected, actual) = (new List<double>(), new List<double>());
        double U(int c, int q, int y, int x) => u[((long)c * r * r + y * r + x) * 2 + q];
        foreach (var circuit in circuits)
        {
            foreach (var wire in new[] { circuit.First, circuit.Second })
            {
                for (var y = 0; y < r - 1; ++y)
                {
                    for (var x = 0; x < r - 1; ++x)
                    {
                        expected.Add(2 * Math.PI * wire.Fx / r);
                        actual.Add(U(wire.Circuit, wire.Wire, y, x + 1) - U(wire.Circuit, wire.Wire, y, x));
                        expected.Add(2 * Math.PI * wire.Fy / r);
                        actual.Add(U(wire.Circuit, wire.Wire, y + 1, x) - U(wire.Circuit, wire.Wire, y, x));
                    }
                }
            }
        }
        Assert.Contains(expected, v => Math.Abs(v) > 0.3);
        Close.All(expected.ToArray(), actual.ToArray(), 1e-4, what: "phase advance per pixel");
    }

    [Fact]
    public void Circuit_output_is_a_sum_of_gratings_at_its_harmonic_frequencies_and_no_others()
    {
        // Given a circuit's ⟨Z₀⟩ over a 24×24 grid and its wires' frequencies f_a, f_b
        const int r = 24;
        using var scope = DisposeScope.Enter();
        using var encoder = TrainedLooking(2, 11);
        encoder.Eval();
        var circuits = EncoderFrequencies.Of(encoder, r);
        var features = encoder.Forward(CoordinateGrid.Create(r, r)).ToArray<float>();           // [1, P, C]
        var axis = CoordinateGrid.Axis(r);

        foreach (var circuit in circuits)
        {
            var y = Enumerable.Range(0, r * r).Select(p => (double)features[p * circuits.Count + circuit.Circuit]).ToArray();
            Assert.True(y.Max() - y.Min() > 0.2, "the feature must vary for the fit to mean anything");

            // When it is fitted by least squares with cos and sin of π·(m·f_a + n·f_b)·p, |m|, |n| ≤ S (the angles
            // turn π·f radians per coordinate unit), and again with every frequency 10 % too high
            double Residual(double stretch) => LeastSquaresResidual(Gratings(circuit, axis, stretch), y);

            // Then the right frequencies reproduce it to float32 rounding (≤ 1e-5 rms here), the wrong ones leave a
            // clear residual (≥ 1e-3 rms: the phase error grows to ~0.2 cycles at the image edge)
            Assert.True(Residual(1) < 1e-5, $"circuit {circuit.Circuit}: rms residual {Residual(1):G3} with its own frequencies");
            Assert.True(Residual(1.1) > 1e-3, $"circuit {circuit.Circuit}: rms residual {Residual(1.1):G3} with wrong frequencies");
            // and S·max(‖f_a ± f_b‖) is the largest of those frequencies
            var largest = Harmonics(circuit).Max(h => Math.Sqrt(Math.Pow(h.Fx, 2) + Math.Pow(h.Fy, 2)));
            Close.Scalar(largest, circuit.MaxFrequency, 1e-12, "highest frequency");
        }
    }

    [Fact]
    public void Training_mode_frequencies_use_the_grid_statistics_so_only_gamma_sets_their_size()
    {
        // BatchNorm divides F_k·p by its std over the grid, ‖F_k‖·std(axis) (x and y independent, same axis), so
        // ‖f_k‖ = |γ_k|·‖F_k‖ / (π·√(‖F_k‖²·std(axis)² + ε)), about |γ_k| / (π·std(axis)) whatever F_k is;
        // std(axis) of 2j/R − 1 is √((R² − 1)/3)/R.
        const int r = 16;
        using var encoder = TrainedLooking(2, 3);
        var gamma = encoder.Norm.Weight.Value.ToArray<float>();
        var f = encoder.Projection.Value.ToArray<float>();
        var std = Math.Sqrt((r * r - 1) / 3.0) / r;
        var expected = gamma.Select((g, k) =>
        {
            var norm = Math.Sqrt(f[2 * k] * f[2 * k] + f[2 * k + 1] * f[2 * k + 1]);
            return Math.Abs(g) * norm / (Math.PI * Math.Sqrt(norm * norm * std * std + QirenGan.Generator.Inr.BatchNorm.DefaultEps));
        }).ToArray();
        var wires = EncoderFrequencies.Of(encoder, r).SelectMany(c => new[] { c.First, c.Second }).ToArray();
        // float32 γ and F, float64 arithmetic: 1e-6 relative
        Close.All(expected, wires.Select(w => w.Magnitude).ToArray(), 0, 1e-6, "‖f‖ from γ");
    }

    /// <summary>(m·f_a + n·f_b) for every (m, n) with |m|, |n| ≤ S, one of each ± pair, without (0, 0).</summary>
    private static IEnumerable<(double Fx, double Fy)> Harmonics(CircuitFrequency c)
    {
        var s = c.First.Reuploads;
        for (var m = 0; m <= s; ++m)
        {
            for (var n = -s; n <= s; ++n)
            {
                if (m > 0 || n > 0)
                {
                    yield return (m * c.First.Fx + n * c.Second.Fx, m * c.First.Fy + n * c.Second.Fy);
                }
            }
        }
    }

    /// <summary>Columns over the R×R grid (row-major, y outer): 1, then cos and sin of π·ν·p for each harmonic ν.</summary>
    private static List<double[]> Gratings(CircuitFrequency c, double[] axis, double stretch)
    {
        var columns = new List<double[]> { axis.SelectMany(_ => axis.Select(_ => 1.0)).ToArray() };
        foreach (var (fx, fy) in Harmonics(c))
        {
            var phase = axis.SelectMany(y => axis.Select(x => Math.PI * stretch * (fx * x + fy * y))).ToArray();
            columns.Add(phase.Select(Math.Cos).ToArray());
            columns.Add(phase.Select(Math.Sin).ToArray());
        }
        return columns;
    }

    /// <summary>rms of y minus its projection on the columns' span (modified Gram–Schmidt, twice, in float64).</summary>
    private static double LeastSquaresResidual(List<double[]> columns, double[] y)
    {
        static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();
        static void RemoveComponent(double[] v, double[] unit)
        {
            var d = Dot(unit, v);
            for (var i = 0; i < v.Length; ++i)
            {
                v[i] -= d * unit[i];
            }
        }
        var basis = new List<double[]>();
        foreach (var column in columns)
        {
            var v = (double[])column.Clone();
            for (var pass = 0; pass < 2; ++pass)
            {
                basis.ForEach(b => RemoveComponent(v, b));
            }
            var norm = Math.Sqrt(Dot(v, v));
            if (norm > 1e-9 * Math.Sqrt(Dot(column, column)))
            {
                basis.Add(v.Select(x => x / norm).ToArray());
            }
        }
        var residual = (double[])y.Clone();
        for (var pass = 0; pass < 2; ++pass)
        {
            basis.ForEach(b => RemoveComponent(residual, b));
        }
        return Math.Sqrt(Dot(residual, residual) / y.Length);
    }
}
