using QirenGan.Generator.Quantum;
using QirenGan.Testing;
using QirenGan.Torch;
using Xunit;
using Rng = QirenGan.Torch.Generator;

namespace QirenGan.Generator.Tests.Quantum;

[Collection(TorchCollection.Name)]
public sealed class QuantumCircuitTests
{
    private static Tensor Angles(long[] shape, ulong seed) =>
        Tensors.Rand(shape, new Rng(seed), ScalarType.Float64).Mul(2 * Math.PI).Sub(Math.PI);

    [Fact]
    public void U3_and_RZ_match_their_matrices_and_are_unitary()
    {
        using var scope = DisposeScope.Enter();
        var angles = Tensors.FromArray(new[] { 0.7, -1.2, 2.3 }, [3]);
        var u = Gates.U3(angles).ViewAsReal().ToArray<double>();
        var r = ReferenceSimulator.U3(0.7, -1.2, 2.3);
        for (var i = 0; i < 2; ++i)
        {
            for (var j = 0; j < 2; ++j)
            {
                Close.Scalar(r[i, j].Real, u[(i * 2 + j) * 2], 1e-12, $"U3[{i},{j}].re");
                Close.Scalar(r[i, j].Imaginary, u[(i * 2 + j) * 2 + 1], 1e-12, $"U3[{i},{j}].im");
            }
        }
        var rz = Gates.RZ(Tensors.FromArray(new[] { 0.9 }, [1])).ViewAsReal().ToArray<double>();
        Close.All([Math.Cos(0.45), -Math.Sin(0.45), 0, 0, 0, 0, Math.Cos(0.45), Math.Sin(0.45)], rz, 1e-12);

        // U·U† = I for random angles
        var many = Gates.U3(Angles([50, 3], 1));
        var product = many.MatMul(many.Transpose(-1, -2).ViewAsReal().Mul(Tensors.FromArray(new[] { 1.0, -1.0 })).ViewAsComplex());
        var eye = Tensors.Eye(2, ScalarType.Float64).Expand(50, 2, 2);
        Close.All(eye.ToArray<double>(), product.ViewAsReal().Select(-1, 0).Contiguous().ToArray<double>(), 1e-12);
        Close.All(new double[200], product.ViewAsReal().Select(-1, 1).Contiguous().ToArray<double>(), 1e-12);
    }

    [Fact]
    public void Cnot_chain_permutes_basis_states_as_specified()
    {
        // 3 qubits, wire 0 most significant: CNOT(0→1) then CNOT(1→2).
        // |100⟩ → |110⟩ → |111⟩;  |110⟩ → |100⟩ → |100⟩;  |010⟩ → |010⟩ → |011⟩;  |001⟩ unchanged.
        var f = Gates.CnotChain(3);
        Assert.Equal(0b111, f[0b100]);
        Assert.Equal(0b100, f[0b110]);
        Assert.Equal(0b011, f[0b010]);
        Assert.Equal(0b001, f[0b001]);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), f.Order());
    }

    [Fact]
    public void One_qubit_one_reupload_matches_the_closed_form()
    {
        using var scope = DisposeScope.Enter();
        // θ_0 = (a, 0, 0), θ_1 = (b, 0, 0): U3 reduces to RY. Bloch vector after RY(a): (sin a, 0, cos a);
        // RZ(x) turns it about z by x; RY(b) turns it about y by b, so
        // ⟨Z⟩ = cos a·cos b − sin a·sin b·cos x.
        const double a = 0.8, b = -1.3;
        var xs = Enumerable.Range(0, 9).Select(i => -3 + 0.7 * i).ToArray();
        var theta = Tensors.FromArray(new[] { a, 0, 0, b, 0, 0 }, [1, 2, 1, 1, 3]);
        var x = Tensors.FromArray(xs, [1, xs.Length, 1]);
        var spec = new CircuitSpec(1, 1, 1);
        var got = QuantumCircuit.Evaluate(spec, theta, x).ToArray<double>();
        var expected = xs.Select(v => Math.Cos(a) * Math.Cos(b) - Math.Sin(a) * Math.Sin(b) * Math.Cos(v)).ToArray();
        Close.All(expected, got, 1e-12);
    }

    public static TheoryData<int, SimulationStrategy, bool> Sizes()
    {
        var data = new TheoryData<int, SimulationStrategy, bool>();
        foreach (var n in new[] { 1, 2, 3, 4, 5 })
        {
            foreach (var s in new[] { SimulationStrategy.Folded, SimulationStrategy.GateByGate })
            {
                data.Add(n, s, n % 2 == 0);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Both_strategies_match_an_independent_simulator(int n, SimulationStrategy strategy, bool perImage)
    {
        using var scope = DisposeScope.Enter();
        const int depth = 2, reuploads = 2, pixels = 5, images = 3;
        var spec = new CircuitSpec(n, depth, reuploads, Observable.ZOnEveryWire, strategy);
        var thetaBatch = perImage ? images : 1;
        var theta = Angles([thetaBatch, reuploads + 1, depth, n, 3], (ulong)(10 + n));
        var x = Angles([images, pixels, n], (ulong)(20 + n));
        var got = QuantumCircuit.Evaluate(spec, theta, x);
        Assert.Equal(new long[] { images, pixels, n }, got.Shape);
        var values = got.ToArray<double>();
        var th = theta.ToArray<double>();
        var xv = x.ToArray<double>();
        for (var img = 0; img < images; ++img)
        {
            var t = new double[reuploads + 1, depth, n, 3];
            var tb = perImage ? img : 0;
            for (var i = 0; i <= reuploads; ++i)
                for (var a = 0; a < depth; ++a)
                    for (var q = 0; q < n; ++q)
                        for (var k = 0; k < 3; ++k)
                            t[i, a, q, k] = th[(((tb * (reuploads + 1) + i) * depth + a) * n + q) * 3 + k];
            for (var p = 0; p < pixels; ++p)
            {
                var xp = Enumerable.Range(0, n).Select(q => xv[(img * pixels + p) * n + q]).ToArray();
                var expected = ReferenceSimulator.Expectations(n, depth, reuploads, t, xp, everyWire: true);
                for (var w = 0; w < n; ++w)
                {
                    Close.Scalar(expected[w], values[(img * pixels + p) * n + w], 1e-10, $"img {img} px {p} wire {w}");
                }
            }
        }
    }

    [Fact]
    public void Folded_and_gate_by_gate_agree_in_float32_to_1e5()
    {
        using var scope = DisposeScope.Enter();
        foreach (var n in new[] { 1, 2, 3, 4, 5 })
        {
            var theta = Angles([4, 3, 2, n, 3], 5).Float();
            var x = Angles([1, 64, n], 6).Float();
            var a = QuantumCircuit.Evaluate(new CircuitSpec(n, 2, 2, Observable.ZOnEveryWire, SimulationStrategy.Folded), theta, x);
            var b = QuantumCircuit.Evaluate(new CircuitSpec(n, 2, 2, Observable.ZOnEveryWire, SimulationStrategy.GateByGate), theta, x);
            Close.All(b.ToArray<float>(), a.ToArray<float>(), 1e-5, what: $"n = {n}");
        }
    }

    [Fact]
    public void Output_is_a_trigonometric_polynomial_of_degree_at_most_S()
    {
        using var scope = DisposeScope.Enter();
        // Sample f(x) on a full period for one qubit with S = 3; the DFT must vanish above frequency 3.
        const int samples = 32, s = 3;
        var xs = Enumerable.Range(0, samples).Select(k => 2 * Math.PI * k / samples).ToArray();
        var f = QuantumCircuit.Evaluate(new CircuitSpec(1, 2, s), Angles([1, s + 1, 2, 1, 3], 9),
            Tensors.FromArray(xs, [1, samples, 1])).ToArray<double>();
        for (var k = 0; k <= samples / 2; ++k)
        {
            double re = 0, im = 0;
            for (var j = 0; j < samples; ++j)
            {
                re += f[j] * Math.Cos(2 * Math.PI * k * j / samples);
                im -= f[j] * Math.Sin(2 * Math.PI * k * j / samples);
            }
            var magnitude = Math.Sqrt(re * re + im * im) / samples;
            if (k > s)
            {
                Assert.True(magnitude < 1e-12, $"frequency {k} has magnitude {magnitude}");
            }
        }
    }

    [Theory]
    [InlineData(SimulationStrategy.Folded)]
    [InlineData(SimulationStrategy.GateByGate)]
    public void Gradients_match_finite_differences_to_second_order(SimulationStrategy strategy)
    {
        using var scope = DisposeScope.Enter();
        var spec = new CircuitSpec(2, 1, 2, Observable.ZOnEveryWire, strategy);
        var theta0 = Angles([1, 3, 1, 2, 3], 3).ToArray<double>();
        var x = Angles([1, 3, 2], 4);
        long[] shape = [1, 3, 1, 2, 3];
        var weights = Tensors.FromArray(new[] { 0.3, -0.7, 1.1, 0.5, -0.2, 0.9 }, [1, 3, 2]);

        // First order w.r.t. θ
        var theta = Tensors.FromArray(theta0, shape).RequiresGrad_();
        var loss = QuantumCircuit.Evaluate(spec, theta, x).Mul(weights).Sum();
        var grad = Autograd.Grad(loss, theta).ToArray<double>();
        var fd = FiniteDifferences.Gradient(t => QuantumCircuit.Evaluate(spec, t, x).Mul(weights).Sum().ToDouble(), theta0, shape);
        Close.All(fd, grad, 1e-7, 1e-6, "dL/dθ");

        // Second order: d/dx of ‖∂L/∂x‖² (what R1 differentiates) against finite differences of the first derivative
        var x0 = x.ToArray<double>();
        double Penalty(Tensor xi)
        {
            var xr = xi.Detach().RequiresGrad_();
            var l = QuantumCircuit.Evaluate(spec, theta.Detach(), xr).Mul(weights).Sum();
            return Autograd.Grad(l, xr).Square().Sum().ToDouble();
        }
        var xg = Tensors.FromArray(x0, [1, 3, 2]).RequiresGrad_();
        var gx = Autograd.Grad(QuantumCircuit.Evaluate(spec, theta.Detach(), xg).Mul(weights).Sum(), xg, createGraph: true);
        var second = Autograd.Grad(gx.Square().Sum(), xg).ToArray<double>();
        Close.All(FiniteDifferences.Gradient(Penalty, x0, [1, 3, 2], 1e-5), second, 1e-6, 1e-5, "d‖∂L/∂x‖²/dx");
    }

    [Fact]
    public void Feature_encoder_gives_one_bounded_feature_per_circuit_and_per_image_offsets_change_them()
    {
        using var scope = DisposeScope.Enter();
        using var encoder = new QuantumFeatureEncoder(circuits: 8, seed: 1);
        var coords = Coordinates.CoordinateGrid.Create(4, 4);
        var shared = encoder.Forward(coords);
        Assert.Equal(new long[] { 1, 16, 8 }, shared.Shape);
        Assert.True(shared.Abs().Max().ToDouble() <= 1 + 1e-6);
        var offsets = Tensors.Zeros(new long[] { 2 }.Concat(encoder.ThetaShape).ToArray());
        var zero = encoder.Forward(coords, offsets);
        Close.All(shared.Expand(2, 16, 8).Contiguous().ToArray<float>(), zero.ToArray<float>(), 1e-6);
        var moved = encoder.Forward(coords, offsets.Add(0.5));
        Assert.True(moved.Sub(zero).Abs().Max().ToDouble() > 1e-3);
    }
}
