using QirenGan.Torch.Nn;
using QirenGan.Torch.Optim;

namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class ModuleAndOptimizerTests
{
    private sealed class Affine : Module
    {
        public readonly Parameter Weight;
        public readonly Parameter Bias;
        public readonly Parameter Count;

        public Affine(int n)
        {
            Weight = RegisterParameter("weight", Tensors.Ones([n, n]));
            Bias = RegisterParameter("bias", Tensors.Zeros([n]));
            Count = RegisterBuffer("count", Tensors.Zeros([1]));
        }
    }

    private sealed class Net : Module
    {
        public readonly Affine First;
        public readonly Affine Second;

        public Net()
        {
            First = RegisterModule("first", new Affine(2));
            Second = RegisterModule("second", new Affine(2));
        }
    }

    [Fact]
    public void Names_follow_registration_order_and_nesting()
    {
        using var net = new Net();
        Assert.Equal(["first.weight", "first.bias", "second.weight", "second.bias"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(["first.count", "second.count"], net.NamedBuffers().Select(p => p.Name));
        Assert.Equal(12, net.ParameterCount);
        Assert.True(net.First.Weight.Value.RequiresGrad);
        Assert.False(net.First.Count.Value.RequiresGrad);
        net.Eval();
        Assert.False(net.Second.Training);
    }

    [Fact]
    public void State_dict_round_trips_and_rejects_other_models()
    {
        using var scope = DisposeScope.Enter();
        using var a = new Net();
        using var b = new Net();
        using (Autograd.NoGrad())
        {
            a.First.Bias.Value.Fill_(3);
        }
        b.LoadStateDict(a.StateDict());
        Assert.Equal([3f, 3f], b.First.Bias.Value.ToArray<float>());

        using var other = new Affine(3);
        var error = Assert.Throws<InvalidDataException>(() => b.LoadStateDict(other.StateDict(), "other.safetensors"));
        Assert.Contains("other.safetensors", error.Message);
    }

    [Fact]
    public void Adam_first_step_moves_each_parameter_by_lr_times_sign_of_gradient()
    {
        using var scope = DisposeScope.Enter();
        using var layer = new Affine(2);
        // Closed form of step 1: m̂ = g, v̂ = g², so Δp = −lr·g/(|g| + ε).
        var x = Tensors.FromArray(new float[] { 1, -2 }, [1, 2]);
        var loss = Functional.Linear(x, layer.Weight, layer.Bias).Sum();
        loss.Backward();
        using var adam = new Adam(layer.NamedParameters(), lr: 0.1, beta1: 0, beta2: 0.99, eps: 1e-8);
        adam.Step();
        // dL/dW[o, i] = x[i]: sign +1 for i = 0, −1 for i = 1; dL/db = 1.
        Close.All([0.9f, 1.1f, 0.9f, 1.1f], layer.Weight.Value.ToArray<float>(), 1e-6);
        Close.All([-0.1f, -0.1f], layer.Bias.Value.ToArray<float>(), 1e-6);
    }

    [Fact]
    public void Adam_lr_multiplier_scales_one_parameters_step_only()
    {
        using var scope = DisposeScope.Enter();
        using var layer = new Affine(2);
        var x = Tensors.FromArray(new float[] { 1, -2 }, [1, 2]);
        Functional.Linear(x, layer.Weight, layer.Bias).Sum().Backward();
        using var adam = new Adam(layer.NamedParameters(), lr: 0.1, beta1: 0, beta2: 0.99, eps: 1e-8);
        adam.SetLrMultiplier(layer.Weight, 0.25);
        adam.Step();
        // Step 1 moves by lr·m·sign(g): the weight by 0.025, the bias (no multiplier) by the full 0.1.
        Close.All([0.975f, 1.025f, 0.975f, 1.025f], layer.Weight.Value.ToArray<float>(), 1e-6);
        Close.All([-0.1f, -0.1f], layer.Bias.Value.ToArray<float>(), 1e-6);
        Assert.Throws<ArgumentException>(() => adam.SetLrMultiplier(layer.Bias, 0));
        using var stranger = new Affine(1);
        Assert.Throws<ArgumentException>(() => adam.SetLrMultiplier(stranger.Weight, 2));
    }

    [Fact]
    public void Adam_matches_a_hand_rolled_reference_over_several_steps()
    {
        using var scope = DisposeScope.Enter();
        // Minimise (p − 3)² from p = 0 for 5 steps; reference computed in doubles here.
        var p = new Parameter(Tensors.Zeros([1], ScalarType.Float64));
        using var adam = new Adam([("p", p)], lr: 0.5, beta1: 0.9, beta2: 0.999, eps: 1e-8);
        double rp = 0, m = 0, v = 0;
        for (var t = 1; t <= 5; ++t)
        {
            using (DisposeScope.Enter())
            {
                adam.ZeroGrad();
                p.Value.Sub(3.0).Square().Sum().Backward();
                adam.Step();
            }
            var g = 2 * (rp - 3);
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            rp -= 0.5 * (m / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v / (1 - Math.Pow(0.999, t))) + 1e-8);
        }
        Close.Scalar(rp, p.Value.ToDouble(), 1e-12, "p after 5 steps");
        p.Dispose();
    }

    [Fact]
    public void Generator_streams_are_reproducible_and_restorable()
    {
        using var scope = DisposeScope.Enter();
        using var g1 = new RandomGenerator(42);
        using var g2 = new RandomGenerator(42);
        Assert.Equal(Tensors.Randn([5], g1).ToArray<float>(), Tensors.Randn([5], g2).ToArray<float>());

        var state = g1.GetState();
        var next = Tensors.Rand([4], g1).ToArray<float>();
        g1.SetState(state);
        Assert.Equal(next, Tensors.Rand([4], g1).ToArray<float>());
    }

    [Fact]
    public void No_grad_blocks_recording_and_restores_the_previous_mode()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensors.Ones([2]).RequiresGrad_();
        using (Autograd.NoGrad())
        {
            Assert.False(x.Mul(2.0).RequiresGrad);
            Assert.False(Autograd.IsGradEnabled);
        }
        Assert.True(Autograd.IsGradEnabled);
        Assert.True(x.Mul(2.0).RequiresGrad);
    }
}
