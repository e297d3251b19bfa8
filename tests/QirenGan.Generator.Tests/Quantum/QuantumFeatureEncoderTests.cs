using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

[Collection(TorchCollection.Name)]
public sealed class QuantumFeatureEncoderTests
{
    private const int Circuits = 3;

    /// <summary>
    /// The encoder written out step by step in the test: u = coords·Fᵀ, per-feature normalisation with the given
    /// mean and variance, circuit c on (u_2c, u_2c+1) with θ_c (+ offset), simulated gate by gate.
    /// </summary>
    private static double[] Manual(QuantumFeatureEncoder encoder, double[] coords, double[] mean, double[] variance,
        double[]? offsets, int images)
    {
        var projection = encoder.Parameters().First().Value.Detach().Double().ToArray<double>(); // [2C, 2]
        var theta = encoder.Theta.Value.Detach().Double().ToArray<double>();
        var pixels = coords.Length / 2;
        var x = new double[Circuits * pixels * 2]; // [1, C, P, 2]
        for (var p = 0; p < pixels; ++p)
        {
            for (var f = 0; f < 2 * Circuits; ++f)
            {
                var u = projection[2 * f] * coords[2 * p] + projection[2 * f + 1] * coords[2 * p + 1];
                x[((f / 2) * pixels + p) * 2 + f % 2] = (u - mean[f]) / Math.Sqrt(variance[f] + 1e-5);
            }
        }
        var angles = new double[images * theta.Length];
        for (var b = 0; b < images; ++b)
        {
            for (var i = 0; i < theta.Length; ++i)
            {
                angles[b * theta.Length + i] = theta[i] + (offsets?[b * theta.Length + i] ?? 0);
            }
        }
        using var scope = DisposeScope.Enter();
        var spec = encoder.Spec with { Strategy = SimulationStrategy.GateByGate };
        var result = QuantumCircuit.Evaluate(spec, Tensors.FromArray(angles, [images, Circuits, .. spec.ParameterShape]),
            Tensors.FromArray(x, [1, Circuits, pixels, 2])); // [B, C, P, 1]
        return result.Squeeze(-1).Transpose(1, 2).Contiguous().ToArray<double>(); // [B, P, C]
    }

    private static (double[] Mean, double[] Biased, double[] Unbiased) Statistics(QuantumFeatureEncoder encoder, double[] coords)
    {
        var projection = encoder.Parameters().First().Value.Detach().Double().ToArray<double>();
        var pixels = coords.Length / 2;
        var mean = new double[2 * Circuits];
        var biased = new double[2 * Circuits];
        var unbiased = new double[2 * Circuits];
        for (var f = 0; f < 2 * Circuits; ++f)
        {
            var u = Enumerable.Range(0, pixels).Select(p => projection[2 * f] * coords[2 * p] + projection[2 * f + 1] * coords[2 * p + 1]).ToArray();
            mean[f] = u.Average();
            var squares = u.Sum(v => (v - mean[f]) * (v - mean[f]));
            biased[f] = squares / pixels;
            unbiased[f] = squares / (pixels - 1);
        }
        return (mean, biased, unbiased);
    }

    [Fact]
    public void Training_mode_normalises_with_batch_statistics_and_updates_the_running_ones()
    {
        using var scope = DisposeScope.Enter();
        // Given an encoder and a 4×5 coordinate grid
        using var encoder = new QuantumFeatureEncoder(Circuits, depth: 2, reuploads: 2, seed: 11);
        var coords = CoordinateGrid.Create(4, 5);
        var coordValues = coords.Double().ToArray<double>();
        var (mean, biased, unbiased) = Statistics(encoder, coordValues);

        // When it runs in training mode
        var features = encoder.Forward(coords);

        // Then it is the circuits on batch-normalised projections, and the running statistics moved by 0.1
        Assert.Equal(new long[] { 1, 20, Circuits }, features.Shape);
        Close.All(Manual(encoder, coordValues, mean, biased, null, 1), features.Contiguous().Double().ToArray<double>(), 1e-5, what: "features");
        var buffers = encoder.NamedBuffers().ToDictionary(b => b.Name, b => b.Value.Value.Double().ToArray<double>());
        Close.All(mean.Select(m => 0.1 * m).ToArray(), buffers["norm.running_mean"], 1e-6, what: "running mean");
        Close.All(unbiased.Select(v => 0.9 + 0.1 * v).ToArray(), buffers["norm.running_var"], 1e-6, what: "running var");

        // And in evaluation mode the running statistics normalise
        encoder.Eval();
        var evaluated = encoder.Forward(coords);
        Close.All(Manual(encoder, coordValues, buffers["norm.running_mean"], buffers["norm.running_var"], null, 1),
            evaluated.Contiguous().Double().ToArray<double>(), 1e-5, what: "eval features");
    }

    [Fact]
    public void Per_image_offsets_give_each_image_its_own_circuits()
    {
        using var scope = DisposeScope.Enter();
        using var encoder = new QuantumFeatureEncoder(Circuits, seed: 5);
        var coords = CoordinateGrid.Create(3, 3);
        var coordValues = coords.Double().ToArray<double>();
        var (mean, biased, _) = Statistics(encoder, coordValues);
        // Given offsets for 2 images, the second all zero
        var size = encoder.ThetaShape.Aggregate(1L, (a, b) => a * b);
        var offsets = Enumerable.Range(0, 2 * (int)size).Select(i => i < size ? 0.5 * Math.Sin(0.7 * i) : 0).ToArray();

        // When features are computed with them
        var features = encoder.Forward(coords, Tensors.FromArray(offsets.Select(v => (float)v).ToArray(), [2, .. encoder.ThetaShape]));

        // Then image b uses θ + offset_b, and a zero offset reproduces the shared encoder
        Assert.Equal(new long[] { 2, 9, Circuits }, features.Shape);
        var values = features.Contiguous().Double().ToArray<double>();
        Close.All(Manual(encoder, coordValues, mean, biased, offsets, 2), values, 1e-5, what: "per-image features");
        var shared = encoder.Forward(coords).Contiguous().Double().ToArray<double>();
        Close.All(shared, values.Skip(shared.Length).ToArray(), 1e-6, what: "zero offset");
        Assert.All(values, v => Assert.InRange(v, -1.0, 1.0));
    }

    [Fact]
    public void Encoder_exposes_the_contract_shapes()
    {
        using var encoder = new QuantumFeatureEncoder(8, 2, 2);
        Assert.Equal(8, encoder.Circuits);
        Assert.Equal(new long[] { 8, 3, 2, 2, 3 }, encoder.ThetaShape);
        Assert.Equal(new long[] { 8, 3, 2, 2, 3 }, encoder.Theta.Shape);
        // F (16·2) + BatchNorm scale and shift (2·16) + θ (8·3·2·2·3)
        Assert.Equal(16 * 2 + 2 * 16 + 8 * 3 * 2 * 2 * 3, encoder.ParameterCount);
        using var scope = DisposeScope.Enter();
        var error = Assert.Throws<ArgumentException>(() => encoder.Forward(Tensors.Zeros([4, 2]), Tensors.Zeros([2, 8, 3, 2, 2, 2])));
        Assert.Contains("thetaOffset must be [B, 8, 3, 2, 2, 3]", error.Message);
    }
}
