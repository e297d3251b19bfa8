using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>
/// The noisy density-matrix simulation against the exact statevector simulators (no noise), against closed forms
/// of the channels (depolarising, amplitude damping, readout), and its gradients against finite differences.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DensityMatrixSimulatorTests
{
    private static double[] Values(int count, double phase, double scale) =>
        Enumerable.Range(0, count).Select(i => scale * Math.Sin(1.37 * i + phase)).ToArray();

    public static TheoryData<int, int, int> Shapes => new() { { 1, 1, 1 }, { 2, 2, 2 }, { 3, 1, 2 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Without_noise_it_equals_the_exact_simulator_in_float64(int qubits, int depth, int reuploads)
    {
        using var scope = DisposeScope.Enter();
        // Given random circuits (2 images × 3 circuits) and shared inputs (5 pixels)
        var spec = new CircuitSpec(qubits, depth, reuploads, Observable.ZOnEveryWire);
        long[] thetaShape = [2, 3, .. spec.ParameterShape];
        var theta = Tensors.FromArray(Values(6 * (int)spec.ParameterCount, 0.4, 3), thetaShape);
        var x = Tensors.FromArray(Values(3 * 5 * qubits, 1.3, 2), [1, 3, 5, qubits]);

        // When both simulate
        var exact = QuantumCircuit.Evaluate(spec, theta, x).Contiguous().ToArray<double>();
        var noisy = DensityMatrixSimulator.Evaluate(spec, theta, x, NoiseModel.None).Contiguous().ToArray<double>();

        // Then they agree to rounding
        Close.All(exact, noisy, 1e-12, 0, "ρ without noise vs statevector");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Statevector_outcome_probabilities_equal_the_noiseless_density_matrix_diagonal(int qubits, int depth, int reuploads)
    {
        using var scope = DisposeScope.Enter();
        var spec = new CircuitSpec(qubits, depth, reuploads);
        var theta = Tensors.FromArray(Values(2 * (int)spec.ParameterCount, 2.1, 3), [2, 1, .. spec.ParameterShape]);
        var x = Tensors.FromArray(Values(3 * 4 * qubits, 0.7, 2), [1, 3, 4, qubits]);
        var fromState = QuantumCircuit.Probabilities(spec, theta, x).Contiguous().ToArray<double>();
        var fromRho = DensityMatrixSimulator.Probabilities(spec, theta, x, NoiseModel.None).Contiguous().ToArray<double>();
        Close.All(fromRho, fromState, 1e-12, 0, "|ψ_k|² vs diag ρ");
    }

    [Fact]
    public void Without_noise_it_equals_the_exact_simulator_in_float32()
    {
        using var scope = DisposeScope.Enter();
        var spec = new CircuitSpec(2, 2, 2);
        var theta = Tensors.FromArray(Values(4 * (int)spec.ParameterCount, 0.9, 3), [4, .. spec.ParameterShape]).Float();
        var x = Tensors.FromArray(Values(4 * 7 * 2, 0.2, 2), [4, 7, 2]).Float();
        var exact = QuantumCircuit.Evaluate(spec, theta, x).Contiguous().ToArray<float>();
        var noisy = DensityMatrixSimulator.Evaluate(spec, theta, x, NoiseModel.None).Contiguous().ToArray<float>();
        Close.All(exact, noisy, 1e-6, 0, "float32 ρ vs statevector");
    }

    [Fact]
    public void Single_qubit_depolarising_scales_Z_by_one_minus_p_per_gate()
    {
        using var scope = DisposeScope.Enter();
        // Given one qubit, A = 1, S = 2: gates U3, RZ, U3, RZ, U3 — each followed by ρ → (1−p)ρ + p·I/2, which
        // shrinks the Bloch vector by (1−p) and commutes with the unitaries: ⟨Z⟩ = (1−p)⁵·⟨Z⟩_exact
        var spec = new CircuitSpec(1, 1, 2);
        const double p = 0.03;
        var theta = Tensors.FromArray(Values((int)spec.ParameterCount, 0.1, 2.5), [1, .. spec.ParameterShape]);
        var x = Tensors.FromArray(Values(6, 0.5, 2), [1, 6, 1]);

        var exact = QuantumCircuit.Evaluate(spec, theta, x).Contiguous().ToArray<double>();
        var noisy = DensityMatrixSimulator.Evaluate(spec, theta, x, new NoiseModel(Depol1: p)).Contiguous().ToArray<double>();

        Close.All(exact.Select(z => Math.Pow(1 - p, 5) * z).ToArray(), noisy, 1e-12, 0, "depolarised ⟨Z⟩");
    }

    [Fact]
    public void Amplitude_damping_decays_one_to_one_minus_gamma_per_gate()
    {
        using var scope = DisposeScope.Enter();
        // Given |1⟩ = U3(π, 0, 0)|0⟩ followed by RZ(x) and U3(0, 0, 0) = I (populations untouched), each gate
        // followed by amplitude damping γ: P(1) = (1−γ)³, so ⟨Z⟩ = 1 − 2(1−γ)³
        var spec = new CircuitSpec(1, 1, 1);
        const double gamma = 0.1;
        var theta = Tensors.FromArray(new double[] { Math.PI, 0, 0, 0, 0, 0 }, [1, .. spec.ParameterShape]);
        var x = Tensors.FromArray(new double[] { 0.3, -1.2 }, [1, 2, 1]);

        var probabilities = DensityMatrixSimulator.Probabilities(spec, theta, x, new NoiseModel(AmplitudeDamping: gamma))
            .Contiguous().ToArray<double>();

        Close.All([1 - Math.Pow(1 - gamma, 3), Math.Pow(1 - gamma, 3), 1 - Math.Pow(1 - gamma, 3), Math.Pow(1 - gamma, 3)],
            probabilities, 1e-12, 0, "P(0), P(1) per pixel");
    }

    [Fact]
    public void One_amplitude_damping_channel_sends_one_to_one_minus_gamma_and_phase_damping_scales_coherence()
    {
        using var scope = DisposeScope.Enter();
        // |1⟩⟨1| → P(1) = 1 − γ; |+⟩⟨+| → off-diagonal ½·√(1−λ)
        var one = new DensityMatrix(Tensors.FromArray(new double[] { 0, 0, 0, 1 }, [2, 2]), Tensors.Zeros([2, 2], ScalarType.Float64));
        var damped = NoiseChannels.AmplitudeDamp(one, 0, 1, 0.25);
        Close.All([0.25, 0, 0, 0.75], damped.Re.Contiguous().ToArray<double>(), 1e-15, 0, "amplitude-damped |1⟩");
        var plus = new DensityMatrix(Tensors.Full([2, 2], 0.5, ScalarType.Float64), Tensors.Zeros([2, 2], ScalarType.Float64));
        var dephased = NoiseChannels.PhaseDamp(plus, 0, 1, 0.36);
        Close.All([0.5, 0.4, 0.4, 0.5], dephased.Re.Contiguous().ToArray<double>(), 1e-15, 0, "phase-damped |+⟩");
    }

    [Fact]
    public void Two_qubit_depolarising_leaves_one_minus_three_quarters_p_on_the_initial_state()
    {
        using var scope = DisposeScope.Enter();
        // (1−p)|00⟩⟨00| + p·I/4: P(00) = 1 − 3p/4, the other three p/4; coherences untouched (there are none)
        var initial = new double[16];
        initial[0] = 1;
        var rho = new DensityMatrix(Tensors.FromArray(initial, [4, 4]), Tensors.Zeros([4, 4], ScalarType.Float64));
        const double p = 0.2;
        var result = NoiseChannels.Diagonal(NoiseChannels.Depolarize2(rho, 0, 1, 2, p)).ToArray<double>();
        Close.All([1 - 0.75 * p, p / 4, p / 4, p / 4], result, 1e-15, 0, "depolarised |00⟩");
    }

    [Fact]
    public void Readout_flips_scale_every_measured_Z_by_one_minus_two_epsilon()
    {
        using var scope = DisposeScope.Enter();
        var spec = new CircuitSpec(2, 2, 2, Observable.ZOnEveryWire);
        const double epsilon = 0.07;
        var theta = Tensors.FromArray(Values(2 * (int)spec.ParameterCount, 1.9, 3), [2, .. spec.ParameterShape]);
        var x = Tensors.FromArray(Values(2 * 4 * 2, 0.8, 2), [2, 4, 2]);
        var exact = QuantumCircuit.Evaluate(spec, theta, x).Contiguous().ToArray<double>();
        var noisy = DensityMatrixSimulator.Evaluate(spec, theta, x, new NoiseModel(Readout: epsilon)).Contiguous().ToArray<double>();
        Close.All(exact.Select(z => (1 - 2 * epsilon) * z).ToArray(), noisy, 1e-12, 0, "⟨Z⟩ after readout flips");
    }

    [Fact]
    public void Noisy_probabilities_stay_a_distribution_and_Z_shrinks()
    {
        using var scope = DisposeScope.Enter();
        var spec = new CircuitSpec(2, 2, 2);
        var theta = Tensors.FromArray(Values(3 * (int)spec.ParameterCount, 0.6, 3), [3, .. spec.ParameterShape]);
        var x = Tensors.FromArray(Values(3 * 4 * 2, 0.1, 2), [3, 4, 2]);
        var noise = new NoiseModel(0.01, 0.05, 0.02, 0.03, 0.02);
        var p = DensityMatrixSimulator.Probabilities(spec, theta, x, noise);
        Close.All(Enumerable.Repeat(1.0, 12).ToArray(), p.Sum(-1).Contiguous().ToArray<double>(), 1e-12, 0, "Σ p");
        Assert.True(p.ToArray<double>().All(v => v >= -1e-15), "probabilities are non-negative");
    }

    [Fact]
    public void Noisy_gradients_match_finite_differences()
    {
        using var scope = DisposeScope.Enter();
        // Given f(θ, x) = Σ w ∘ ⟨Z⟩ under every channel at once (what a noise-aware training would differentiate)
        var spec = new CircuitSpec(2, 1, 2, Observable.ZOnEveryWire);
        long[] thetaShape = [2, .. spec.ParameterShape];
        long[] xShape = [1, 3, 2];
        var theta0 = Values(2 * (int)spec.ParameterCount, 0.3, 2.5);
        var x0 = Values(6, 1.1, 1.7);
        var weights = Tensors.FromArray(Values(2 * 3 * 2, 2.2, 1), [2, 3, 2]);
        var noise = new NoiseModel(0.02, 0.05, 0.03, 0.04, 0.01);
        Tensor F(Tensor t, Tensor v) => DensityMatrixSimulator.Evaluate(spec, t, v, noise).Mul(weights).Sum();
        var theta = Tensors.FromArray(theta0, thetaShape).RequiresGrad_();
        var x = Tensors.FromArray(x0, xShape).RequiresGrad_();

        var grads = Autograd.Grad([F(theta, x)], [theta, x]);

        var expectedTheta = FiniteDifferences.Gradient(t => F(t, Tensors.FromArray(x0, xShape)).ToDouble(), theta0, thetaShape);
        var expectedX = FiniteDifferences.Gradient(v => F(Tensors.FromArray(theta0, thetaShape), v).ToDouble(), x0, xShape);
        Close.All(expectedTheta, grads[0]!.ToArray<double>(), 1e-7, 1e-6, "noisy ∂f/∂θ");
        Close.All(expectedX, grads[1]!.ToArray<double>(), 1e-7, 1e-6, "noisy ∂f/∂x");
    }

    [Fact]
    public void Noise_options_are_parsed_and_bad_rates_name_the_option()
    {
        var model = NoiseModel.Parse("depol1=1e-3, depol2=0.01,amp=2e-3,phase=0.004,readout=0.02");
        Assert.Equal(new NoiseModel(1e-3, 0.01, 2e-3, 0.004, 0.02), model);
        Assert.Contains("--noise", Assert.Throws<ArgumentException>(() => NoiseModel.Parse("depol1=1.5")).Message);
        Assert.Contains("--noise", Assert.Throws<ArgumentException>(() => NoiseModel.Parse("gamma=0.1")).Message);
    }
}
