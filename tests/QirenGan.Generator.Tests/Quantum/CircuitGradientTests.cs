using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>
/// First and second derivatives of the circuit with respect to angles and inputs, against central finite
/// differences in float64, for per-image angles broadcast over pixels (the case the GAN differentiates).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CircuitGradientTests
{
    private static readonly CircuitSpec Spec = new(2, 1, 2, Observable.ZOnEveryWire);
    private static readonly long[] ThetaShape = [2, 1, .. Spec.ParameterShape]; // 2 images, shared inputs
    private static readonly long[] XShape = [1, 1, 3, 2]; // 3 pixels

    private static double[] Values(int count, double phase, double scale) =>
        Enumerable.Range(0, count).Select(i => scale * Math.Sin(1.37 * i + phase)).ToArray();

    private static readonly double[] Theta0 = Values(2 * (int)Spec.ParameterCount, 0.3, 2.5);
    private static readonly double[] X0 = Values(6, 1.1, 1.7);
    private static readonly double[] OutputWeights = Values(2 * 3 * 2, 2.2, 1.0); // f = Σ w ∘ ⟨Z⟩
    private static readonly double[] Direction = Values(6, 0.7, 1.0); // v in h = ∂f/∂x · v

    private static Tensor F(SimulationStrategy strategy, Tensor theta, Tensor x) =>
        QuantumCircuit.Evaluate(Spec with { Strategy = strategy }, theta, x)
            .Mul(Tensors.FromArray(OutputWeights, [2, 1, 3, 2])).Sum();

    /// <summary>h(θ, x) = ∂f/∂x · v, differentiable again when <paramref name="createGraph"/>.</summary>
    private static Tensor H(SimulationStrategy strategy, Tensor theta, Tensor x, bool createGraph)
    {
        var gx = Autograd.Grad(F(strategy, theta, x), x, createGraph);
        return gx.Mul(Tensors.FromArray(Direction, XShape)).Sum();
    }

    public static TheoryData<SimulationStrategy> StrategyData =>
        [SimulationStrategy.Folded, SimulationStrategy.GateByGate, SimulationStrategy.Spectral];

    [Theory]
    [MemberData(nameof(StrategyData))]
    public void Gradients_with_respect_to_angles_and_inputs_match_finite_differences(SimulationStrategy strategy)
    {
        using var scope = DisposeScope.Enter();
        // Given f(θ, x) with per-image θ
        var theta = Tensors.FromArray(Theta0, ThetaShape).RequiresGrad_();
        var x = Tensors.FromArray(X0, XShape).RequiresGrad_();

        // When it is differentiated by autograd
        var grads = Autograd.Grad([F(strategy, theta, x)], [theta, x]);

        // Then both gradients match central differences
        var expectedTheta = FiniteDifferences.Gradient(t => F(strategy, t, Tensors.FromArray(X0, XShape)).ToDouble(), Theta0, ThetaShape);
        var expectedX = FiniteDifferences.Gradient(v => F(strategy, Tensors.FromArray(Theta0, ThetaShape), v).ToDouble(), X0, XShape);
        Close.All(expectedTheta, grads[0]!.ToArray<double>(), 1e-7, 1e-6, $"{strategy} ∂f/∂θ");
        Close.All(expectedX, grads[1]!.ToArray<double>(), 1e-7, 1e-6, $"{strategy} ∂f/∂x");
    }

    [Theory]
    [MemberData(nameof(StrategyData))]
    public void Second_derivatives_match_finite_differences_of_the_gradient(SimulationStrategy strategy)
    {
        using var scope = DisposeScope.Enter();
        // Given h = ∂f/∂x · v built with create_graph (as R1 and path-length penalties do)
        var theta = Tensors.FromArray(Theta0, ThetaShape).RequiresGrad_();
        var x = Tensors.FromArray(X0, XShape).RequiresGrad_();
        var h = H(strategy, theta, x, createGraph: true);

        // When h is differentiated again
        var grads = Autograd.Grad([h], [theta, x]);

        // Then ∂h/∂θ and ∂h/∂x match central differences of h (itself a first derivative, checked above)
        double HAt(Tensor t, Tensor v) => H(strategy, t, v.RequiresGrad_(), createGraph: false).ToDouble();
        var expectedTheta = FiniteDifferences.Gradient(t => HAt(t, Tensors.FromArray(X0, XShape)), Theta0, ThetaShape);
        var expectedX = FiniteDifferences.Gradient(v => HAt(Tensors.FromArray(Theta0, ThetaShape), v), X0, XShape);
        Close.All(expectedTheta, grads[0]!.ToArray<double>(), 1e-6, 1e-5, $"{strategy} ∂²f/∂θ∂x·v");
        Close.All(expectedX, grads[1]!.ToArray<double>(), 1e-6, 1e-5, $"{strategy} ∂²f/∂x²·v");
    }
}
