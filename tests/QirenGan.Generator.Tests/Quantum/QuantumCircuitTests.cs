using QirenGan.Generator.Quantum;
using QirenGan.Testing;
using QirenGan.Torch;
using Xunit;

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
}
