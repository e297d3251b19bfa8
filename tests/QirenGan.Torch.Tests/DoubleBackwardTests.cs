using F = QirenGan.Torch.Functional;

namespace QirenGan.Torch.Tests;

/// <summary>create_graph: the gradient of a gradient, which the R1 penalty needs.</summary>
[Collection(TorchCollection.Name)]
public sealed class DoubleBackwardTests
{
    private static readonly long[] W1Shape = [3, 2, 3, 3];

    private static Tensor Input()
    {
        var values = Enumerable.Range(0, 2 * 2 * 5 * 5).Select(i => Math.Sin(0.37 * i)).ToArray();
        return Tensors.FromArray(values, [2, 2, 5, 5]);
    }

    private static Tensor W2() =>
        Tensors.FromArray(Enumerable.Range(0, 3 * 3 * 3).Select(i => 0.3 * Math.Cos(0.9 * i)).ToArray(), [1, 3, 3, 3]);

    // A small conv net with a smooth nonlinearity, so second derivatives are non-trivial.
    private static Tensor Net(Tensor x, Tensor w1) =>
        F.Conv2d(F.Conv2d(x, w1, null, padding: 1).Softplus(), W2(), null).Tanh().Sum();

    // R1-like penalty ‖∂f/∂x‖², a function of the weights.
    private static Tensor Penalty(Tensor x, Tensor w1, bool createGraph)
    {
        var gx = Autograd.Grad(Net(x, w1), x, createGraph);
        return gx.Square().Sum();
    }

    [Theory]
    [InlineData(0.5)] // some activations clamped
    [InlineData(0)] // no clamp
    public void Fused_leaky_relu_and_clamp_equals_the_two_ops_through_the_double_backward(double clamp)
    {
        using var scope = DisposeScope.Enter();
        var w0 = Tensors.FromArray(Enumerable.Range(0, 54).Select(i => 0.4 * Math.Sin(1.7 * i + 0.3)).ToArray(), W1Shape);
        Tensor Activation(Tensor h, bool fused) => fused
            ? h.LeakyReluClamp(0.2, clamp)
            : clamp > 0 ? h.LeakyRelu(0.2).Hardtanh(-clamp, clamp) : h.LeakyRelu(0.2);

        (double[] Output, double[] InputGrad, double[] PenaltyGrad) Run(bool fused)
        {
            var x = Input().RequiresGrad_();
            var w1 = w0.Clone().RequiresGrad_();
            var y = F.Conv2d(Activation(F.Conv2d(x, w1, null, padding: 1), fused), W2(), null).Tanh();
            var gx = Autograd.Grad(y.Sum(), x, createGraph: true);
            var penaltyGrad = Autograd.Grad(gx.Square().Sum(), w1);
            return (y.ToArray<double>(), gx.ToArray<double>(), penaltyGrad.ToArray<double>());
        }

        var (two, fused) = (Run(false), Run(true));
        if (clamp > 0)
        {
            var pre = F.Conv2d(Input(), w0, null, padding: 1).LeakyRelu(0.2).ToArray<double>();
            Assert.Contains(pre, v => Math.Abs(v) > clamp); // the clamp is exercised
        }
        Close.All(two.Output, fused.Output, 1e-12, what: "output");
        Close.All(two.InputGrad, fused.InputGrad, 1e-12, what: "∂f/∂x");
        Close.All(two.PenaltyGrad, fused.PenaltyGrad, 1e-12, what: "d‖∂f/∂x‖²/dW");
    }

    [Fact]
    public void Gradient_of_squared_input_gradient_matches_finite_differences()
    {
        using var scope = DisposeScope.Enter();
        var w0 = Enumerable.Range(0, 54).Select(i => 0.4 * Math.Sin(1.7 * i + 0.3)).ToArray();

        // Given the penalty built with create_graph
        var x = Input().RequiresGrad_();
        var w1 = Tensors.FromArray(w0, W1Shape).RequiresGrad_();
        var penalty = Penalty(x, w1, createGraph: true);

        // When it is differentiated with respect to the weights
        var grad = Autograd.Grad(penalty, w1).ToArray<double>();

        // Then the result matches finite differences of the penalty itself
        var expected = FiniteDifferences.Gradient(w =>
        {
            var xi = Input().RequiresGrad_();
            return Penalty(xi, w, createGraph: false).ToDouble();
        }, w0, W1Shape, h: 1e-5);
        Close.All(expected, grad, atol: 1e-6, rtol: 1e-5, what: "d‖∂f/∂x‖²/dW");
    }

    [Fact]
    public void Backward_with_create_graph_accumulates_differentiable_gradients()
    {
        using var scope = DisposeScope.Enter();
        // Given y = x³ with x = 2
        var x = Tensors.FromArray(new[] { 2.0 }).RequiresGrad_();
        var y = x.Pow(3).Sum();

        // When backward keeps the graph, the accumulated gradient 3x² is itself differentiable
        y.Backward(createGraph: true);
        var g = x.Grad!;
        Assert.Equal(12.0, g.ToDouble(), 12);
        var gg = Autograd.Grad(g.Sum(), x);

        // Then d(3x²)/dx = 6x = 12
        Assert.Equal(12.0, gg.ToDouble(), 12);
        x.Grad = null;
    }
}
