using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>
/// The official signal circuit family (StronglyEntanglingLayers with CZ, RZ re-uploading on every wire, ⟨Z⟩ on every
/// wire) against closed forms for one and two qubits, against an independent gate-by-gate reference for 3 and 8
/// qubits, and its gradients against finite differences. All in float64.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class StronglyEntanglingCircuitTests
{
    private static CircuitSpec Spec(int qubits, int depth, int reuploads) =>
        new(qubits, depth, reuploads, Observable.ZOnEveryWire, Ansatz: Ansatz.StronglyEntangling);

    private static double[] Values(int count, double phase, double scale) =>
        Enumerable.Range(0, count).Select(i => scale * Math.Sin(1.37 * i + phase) + (scale > 3 ? scale : 0)).ToArray();

    /// <summary>Angles in [0, 2π) as the official initialisation draws them, from a fixed formula.</summary>
    private static double[] Angles(int count, double phase) => Values(count, phase, Math.PI);

    private static double[] Evaluate(CircuitSpec spec, double[] theta, double[] x, int pixels)
    {
        using var scope = DisposeScope.Enter();
        return QuantumCircuit.Evaluate(spec, Tensors.FromArray(theta, spec.ParameterShape),
            Tensors.FromArray(x, [pixels, spec.Qubits])).Contiguous().ToArray<double>(); // [P, n]
    }

    /// <summary>A Bloch vector rotated about z (RZ) or y (RY) by an angle: the single-qubit closed form.</summary>
    private static (double X, double Y, double Z) RotateZ((double X, double Y, double Z) v, double a) =>
        (v.X * Math.Cos(a) - v.Y * Math.Sin(a), v.X * Math.Sin(a) + v.Y * Math.Cos(a), v.Z);

    private static (double X, double Y, double Z) RotateY((double X, double Y, double Z) v, double a) =>
        (v.X * Math.Cos(a) + v.Z * Math.Sin(a), v.Y, -v.X * Math.Sin(a) + v.Z * Math.Cos(a));

    /// <summary>⟨Z⟩ of one qubit: |0⟩'s Bloch vector (0, 0, 1) through Rot = RZ(ω)RY(θ)RZ(φ) and RZ(x) rotations.</summary>
    private static double BlochZ(int depth, int reuploads, Func<int, int, int, double> angle, double x)
    {
        (double X, double Y, double Z) v = (0, 0, 1);
        for (var i = 0; i <= reuploads; ++i)
        {
            for (var a = 0; a < depth; ++a)
            {
                v = RotateZ(RotateY(RotateZ(v, angle(i, a, 0)), angle(i, a, 1)), angle(i, a, 2));
            }
            if (i < reuploads)
            {
                v = RotateZ(v, x);
            }
        }
        return v.Z;
    }

    [Fact]
    public void One_qubit_with_one_reupload_is_the_closed_form_trigonometric_polynomial()
    {
        // Given Rot(φ0, θ0, ω0), RZ(x), Rot(φ1, θ1, ω1) on one qubit
        double[] theta = [0.3, 1.1, -0.7, 2.0, 0.4, 1.3];
        double[] x = [-1.0, -0.2, 0.5, 2.9];
        // When it is simulated
        var actual = Evaluate(Spec(1, 1, 1), theta, x, x.Length);
        // Then ⟨Z⟩ = cos θ1 cos θ0 − sin θ1 sin θ0 cos(x + ω0 + φ1) (RZ(φ0) leaves |0⟩ alone; RZ(ω1) leaves Z alone)
        var expected = x.Select(v => Math.Cos(0.4) * Math.Cos(1.1) - Math.Sin(0.4) * Math.Sin(1.1) * Math.Cos(v - 0.7 + 2.0)).ToArray();
        Close.All(expected, actual, 1e-12, 0, "⟨Z⟩ of one qubit");
    }

    [Fact]
    public void One_qubit_with_two_layers_and_two_reuploads_matches_the_bloch_rotations()
    {
        // Given the official depth (2 layers) and spectrum (S = 2) on one qubit
        var spec = Spec(1, 2, 2);
        var theta = Angles((int)spec.ParameterCount, 0.2);
        double[] x = [-1.3, 0.0, 0.8];
        // When it is simulated
        var actual = Evaluate(spec, theta, x, x.Length);
        // Then it is the z component of the Bloch vector rotated gate by gate
        var expected = x.Select(v => BlochZ(2, 2, (i, a, k) => theta[(i * 2 + a) * 3 + k], v)).ToArray();
        Close.All(expected, actual, 1e-12, 0, "⟨Z⟩ of one qubit");
    }

    [Fact]
    public void Two_qubits_do_not_entangle_because_the_ring_applies_each_CZ_twice()
    {
        // Given two qubits: every layer's range is (a mod 1) + 1 = 1, so CZ(0, 1) and then CZ(1, 0) — the identity
        var spec = Spec(2, 2, 2);
        var theta = Angles((int)spec.ParameterCount, 1.4);
        double[] x = [0.4, -1.2, 2.2, 0.9]; // two pixels × two wires
        // When it is simulated
        var actual = Evaluate(spec, theta, x, 2);
        // Then each wire is the one-qubit closed form with its own angles and input
        var expected = new double[4];
        for (var p = 0; p < 2; ++p)
        {
            for (var w = 0; w < 2; ++w)
            {
                var wire = w;
                expected[p * 2 + w] = BlochZ(2, 2, (i, a, k) => theta[((i * 2 + a) * 2 + wire) * 3 + k], x[p * 2 + w]);
            }
        }
        Close.All(expected, actual, 1e-12, 0, "⟨Z_j⟩ of two qubits");
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(8, 3)]
    public void Matches_the_gate_by_gate_reference(int qubits, int pixels)
    {
        // Given the official depth (2) and spectrum (S = 2), angles in [0, 2π) and inputs of a BatchNorm'd layer
        var spec = Spec(qubits, 2, 2);
        var theta = Angles((int)spec.ParameterCount, 0.9);
        var x = Values(pixels * qubits, 0.5, 1.6);
        // When it is simulated
        var actual = Evaluate(spec, theta, x, pixels);
        // Then every ⟨Z_j⟩ equals the independent statevector's to 1e-10
        var expected = Enumerable.Range(0, pixels)
            .SelectMany(p => StronglyEntanglingReference.Evaluate(qubits, 2, 2, theta, x[(p * qubits)..((p + 1) * qubits)]))
            .ToArray();
        Close.All(expected, actual, 1e-10, 0, $"⟨Z_j⟩ of {qubits} qubits");
    }

    [Fact]
    public void Float32_as_fit_trains_stays_within_float32_rounding_of_the_reference()
    {
        // Given the official 8-qubit layer in float32, the precision `fit` trains in
        var spec = Spec(8, 2, 2);
        var theta = Angles((int)spec.ParameterCount, 0.4);
        var x = Values(4 * 8, 0.8, 1.6);
        using var scope = DisposeScope.Enter();
        // When it is simulated
        var actual = QuantumCircuit.Evaluate(spec, Tensors.FromArray(theta.Select(v => (float)v).ToArray(), spec.ParameterShape),
            Tensors.FromArray(x.Select(v => (float)v).ToArray(), [4, 8])).Contiguous().ToArray<float>();
        // Then it is the float64 reference's value to a few float32 ulps of the amplitudes
        var expected = Enumerable.Range(0, 4)
            .SelectMany(p => StronglyEntanglingReference.Evaluate(8, 2, 2, theta, x[(p * 8)..((p + 1) * 8)])).ToArray();
        Close.All(expected, actual.Select(v => (double)v).ToArray(), 1e-5, 0, "float32 ⟨Z_j⟩");
    }

    [Fact]
    public void Per_image_angles_broadcast_over_shared_inputs()
    {
        // Given two circuits' angles [2, S+1, A, n, 3] and one set of inputs [1, P, n]
        var spec = Spec(3, 2, 1);
        var first = Angles((int)spec.ParameterCount, 0.1);
        var second = Angles((int)spec.ParameterCount, 2.3);
        var x = Values(4 * 3, 0.5, 1.2);
        using var scope = DisposeScope.Enter();
        // When both are evaluated in one call
        var both = QuantumCircuit.Evaluate(spec, Tensors.FromArray([.. first, .. second], [2, .. spec.ParameterShape]),
            Tensors.FromArray(x, [1, 4, 3])).Contiguous().ToArray<double>();
        // Then each image's outputs are the reference's for its own angles
        var expected = new[] { first, second }.SelectMany(t => Enumerable.Range(0, 4)
            .SelectMany(p => StronglyEntanglingReference.Evaluate(3, 2, 1, t, x[(p * 3)..((p + 1) * 3)]))).ToArray();
        Close.All(expected, both, 1e-10, 0, "batched ⟨Z_j⟩");
    }

    [Fact]
    public void Gradients_with_respect_to_angles_and_inputs_match_finite_differences()
    {
        var spec = Spec(3, 2, 2);
        long[] xShape = [3, 3];
        var theta0 = Angles((int)spec.ParameterCount, 0.6);
        var x0 = Values(9, 1.1, 1.4);
        var weights = Values(9, 2.2, 1.0);
        Tensor F(Tensor theta, Tensor x) => QuantumCircuit.Evaluate(spec, theta, x).Mul(Tensors.FromArray(weights, xShape)).Sum();
        using var scope = DisposeScope.Enter();
        // Given f(θ, x) = Σ w ∘ ⟨Z⟩
        var thetaTensor = Tensors.FromArray(theta0, spec.ParameterShape).RequiresGrad_();
        var xTensor = Tensors.FromArray(x0, xShape).RequiresGrad_();
        // When autograd differentiates it
        var grads = Autograd.Grad([F(thetaTensor, xTensor)], [thetaTensor, xTensor]);
        // Then both gradients match central differences
        var expectedTheta = FiniteDifferences.Gradient(t => F(t, Tensors.FromArray(x0, xShape)).ToDouble(), theta0, spec.ParameterShape);
        var expectedX = FiniteDifferences.Gradient(v => F(Tensors.FromArray(theta0, spec.ParameterShape), v).ToDouble(), x0, xShape);
        Close.All(expectedTheta, grads[0]!.ToArray<double>(), 1e-7, 1e-6, "∂f/∂θ");
        Close.All(expectedX, grads[1]!.ToArray<double>(), 1e-7, 1e-6, "∂f/∂x");
    }

    [Fact]
    public void Only_the_statevector_strategy_is_accepted()
    {
        // Given the family with the U3 chain's folded strategy, Then the spec says which strategies it has
        var error = Assert.Throws<ArgumentException>(() => (Spec(3, 2, 2) with { Strategy = SimulationStrategy.Folded }).Validate());
        Assert.Contains("gatebygate", error.Message);
    }
}
