using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

[Collection(TorchCollection.Name)]
public sealed class MemoryTests
{
    [Fact]
    public void Circuit_and_encoder_steps_free_every_temporary()
    {
        using var encoder = new QuantumFeatureEncoder(4, seed: 1);
        var before = Tensor.LiveCount;
        using (var scope = DisposeScope.Enter())
        {
            // Given forward and backward passes of every strategy and of the encoder with per-image offsets
            foreach (var strategy in new[] { SimulationStrategy.Folded, SimulationStrategy.GateByGate, SimulationStrategy.Spectral })
            {
                var spec = new CircuitSpec(3, 2, 2, Observable.ZOnEveryWire, strategy);
                var theta = Tensors.Rand([2, 1, .. spec.ParameterShape]).RequiresGrad_();
                var x = Tensors.Randn([1, 1, 5, 3]).RequiresGrad_();
                QuantumCircuit.Evaluate(spec, theta, x).Sum().Backward();
                _ = theta.Grad;
            }
            var offsets = Tensors.Zeros([2, .. encoder.ThetaShape]).RequiresGrad_();
            encoder.Forward(CoordinateGrid.Create(4, 4), offsets).Sum().Backward();
            encoder.ZeroGrad();
        }
        // Then once the scope closes every tensor handle created inside is gone
        Assert.Equal(before, Tensor.LiveCount);
    }
}
