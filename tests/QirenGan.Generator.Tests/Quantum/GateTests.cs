using System.Numerics;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

[Collection(TorchCollection.Name)]
public sealed class GateTests
{
    private static readonly double[][] Angles =
    [
        [0, 0, 0], [Math.PI, 0, 0], [0.7, -1.3, 2.2], [2.9, 4.1, -0.6], [-1.1, 0.25, 3.3],
    ];

    private static Complex[,] ToComplex(double[] re, double[] im, int offset)
    {
        var m = new Complex[2, 2];
        for (var i = 0; i < 4; ++i)
        {
            m[i / 2, i % 2] = new Complex(re[offset + i], im[offset + i]);
        }
        return m;
    }

    private static void AssertUnitary(Complex[,] u, string what)
    {
        for (var i = 0; i < 2; ++i)
        {
            for (var j = 0; j < 2; ++j)
            {
                // (U†U)_ij = Σ_k conj(U_ki)·U_kj
                var sum = Complex.Conjugate(u[0, i]) * u[0, j] + Complex.Conjugate(u[1, i]) * u[1, j];
                Close.Scalar(i == j ? 1 : 0, sum.Real, 1e-12, $"{what} (U†U)[{i},{j}].re");
                Close.Scalar(0, sum.Imaginary, 1e-12, $"{what} (U†U)[{i},{j}].im");
            }
        }
    }

    [Fact]
    public void U3_matches_its_textbook_matrix_and_is_unitary()
    {
        using var scope = DisposeScope.Enter();
        // Given a batch of angle triples
        var flat = Angles.SelectMany(a => a).ToArray();

        // When the gates are built as tensors
        var (re, im) = Gates.U3(Tensors.FromArray(flat, [Angles.Length, 3]));
        var reValues = re.ToArray<double>();
        var imValues = im.ToArray<double>();

        // Then each is [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]] and unitary
        Assert.Equal(new long[] { Angles.Length, 2, 2 }, re.Shape);
        for (var g = 0; g < Angles.Length; ++g)
        {
            var expected = DenseReference.U3(Angles[g][0], Angles[g][1], Angles[g][2]);
            var actual = ToComplex(reValues, imValues, 4 * g);
            for (var i = 0; i < 4; ++i)
            {
                Close.Scalar(expected[i / 2, i % 2].Real, actual[i / 2, i % 2].Real, 1e-12, $"U3 #{g} entry {i} re");
                Close.Scalar(expected[i / 2, i % 2].Imaginary, actual[i / 2, i % 2].Imaginary, 1e-12, $"U3 #{g} entry {i} im");
            }
            AssertUnitary(actual, $"U3 #{g}");
        }
    }

    [Fact]
    public void RZ_matches_its_textbook_matrix_and_is_unitary()
    {
        using var scope = DisposeScope.Enter();
        double[] alphas = [0, 1.2, -2.5, Math.PI, 7.0];
        var (re, im) = Gates.RZ(Tensors.FromArray(alphas));
        var reValues = re.ToArray<double>();
        var imValues = im.ToArray<double>();
        for (var g = 0; g < alphas.Length; ++g)
        {
            var actual = ToComplex(reValues, imValues, 4 * g);
            // RZ(α) = diag(e^{−iα/2}, e^{iα/2})
            Complex[] expected = [Complex.FromPolarCoordinates(1, -alphas[g] / 2), 0, 0, Complex.FromPolarCoordinates(1, alphas[g] / 2)];
            for (var i = 0; i < 4; ++i)
            {
                Close.Scalar(expected[i].Real, actual[i / 2, i % 2].Real, 1e-12, $"RZ({alphas[g]}) entry {i} re");
                Close.Scalar(expected[i].Imaginary, actual[i / 2, i % 2].Imaginary, 1e-12, $"RZ({alphas[g]}) entry {i} im");
            }
            AssertUnitary(actual, $"RZ({alphas[g]})");
        }
    }

    [Fact]
    public void Cnot_chain_permutes_basis_states_as_specified()
    {
        // CNOT(0→1) then CNOT(1→2) on |b0 b1 b2⟩ (wire 0 the most significant bit) gives |b0, b0⊕b1, b0⊕b1⊕b2⟩:
        // 000→000 001→001 010→011 011→010 100→111 101→110 110→100 111→101
        Assert.Equal(new[] { 0, 1, 3, 2, 7, 6, 4, 5 }, Gates.CnotChainPermutation(3));
        // Two wires: only CNOT(0→1): 10 → 11, 11 → 10
        Assert.Equal(new[] { 0, 1, 3, 2 }, Gates.CnotChainPermutation(2));
        // One wire: no CNOT
        Assert.Equal(new[] { 0, 1 }, Gates.CnotChainPermutation(1));
        // A single CNOT(2→0) on 3 wires flips the top bit when the bottom one is set: 001 → 101, 011 → 111
        Assert.Equal(new[] { 0, 5, 2, 7, 4, 1, 6, 3 }, Gates.CnotPermutation(3, 2, 0));
    }

    [Theory]
    [InlineData(SimulationStrategy.Folded)]
    [InlineData(SimulationStrategy.GateByGate)]
    [InlineData(SimulationStrategy.Spectral)]
    public void The_simulated_circuit_applies_the_cnot_chain_after_each_u3_layer(SimulationStrategy strategy)
    {
        using var scope = DisposeScope.Enter();
        // Given 3 wires, A = 1, S = 1: V_0 = C·(U3(π,0,0) ⊗ 1 ⊗ 1) and V_1 = C·(1 ⊗ 1 ⊗ 1).
        // U3(π, 0, 0) = [[0, −1], [1, 0]] maps |0⟩ to |1⟩, so V_0|000⟩ = C|100⟩ = |111⟩; E(x) only adds phases;
        // V_1|111⟩ = C|111⟩ = |101⟩, whose Z expectations are (−1, +1, −1).
        var spec = new CircuitSpec(3, 1, 1, Observable.ZOnEveryWire, strategy);
        var theta = new double[spec.ParameterCount];
        theta[0] = Math.PI;
        var result = QuantumCircuit.Evaluate(spec, Tensors.FromArray(theta, spec.ParameterShape),
            Tensors.FromArray(new[] { 0.3, -1.2, 2.0, 1.0, 0.5, -0.7 }, [2, 3]));
        Close.All([-1, 1, -1, -1, 1, -1], result.Contiguous().ToArray<double>(), 1e-12, what: $"{strategy} ⟨Z⟩");
    }
}
