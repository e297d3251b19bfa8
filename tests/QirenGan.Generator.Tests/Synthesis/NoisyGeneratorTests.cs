using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;

namespace QirenGan.Generator.Tests.Synthesis;

/// <summary>GeneratorOptions.Noise: the QIREN encoder runs its circuits through the noisy density-matrix simulation.</summary>
[Collection(TorchCollection.Name)]
public sealed class NoisyGeneratorTests
{
    [Fact]
    public void A_noise_aware_generator_feeds_noisy_circuit_features_and_back_propagates()
    {
        using var scope = DisposeScope.Enter();
        const string noise = "depol1=0.02,depol2=0.05,amp=0.01";
        using var g = new QirenGenerator(new GeneratorOptions(8, Hidden: [8], ZDim: 8, WDim: 8, MappingLayers: 2, Noise: NoiseModel.Parse(noise)));
        var encoder = ((QuantumEncoder)g.Encoder).Quantum;
        var coords = CoordinateGrid.Create(8, 8);

        // Given the encoder's features, and the same circuits simulated independently under the same noise
        var features = encoder.Forward(coords); // [1, P, C]
        var x = encoder.EncodingAngles(coords); // [1, C, P, 2]
        var expected = DensityMatrixSimulator.Evaluate(encoder.Spec, encoder.CircuitAngles().To(ScalarType.Float32), x, NoiseModel.Parse(noise))
            .Squeeze(-1).Transpose(1, 2); // [1, P, C]
        var exact = QuantumCircuit.Evaluate(encoder.Spec, encoder.CircuitAngles().To(ScalarType.Float32), x).Squeeze(-1).Transpose(1, 2);

        // Then they agree, differ from the exact features, and gradients reach the circuit angles
        Close.All(expected.Contiguous().ToArray<float>(), features.Contiguous().ToArray<float>(), 1e-6, 0, "noisy features");
        Assert.True(exact.Sub(features).Abs().Max().ToDouble() > 1e-3, "noise must change the features");
        var grad = Autograd.Grad(g.Forward(Tensors.Randn([2, 8], new RandomGenerator(1))).Square().Sum(), encoder.Theta.Value);
        Assert.True(grad.Abs().Sum().ToDouble() > 0 && grad.IsFinite().ToArray<bool>().All(v => v), "finite, non-zero ∂/∂θ");
    }
}
