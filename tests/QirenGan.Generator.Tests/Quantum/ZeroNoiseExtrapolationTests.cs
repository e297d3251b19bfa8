using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>
/// Zero-noise extrapolation on a circuit whose noisy output is known in closed form: one qubit, A = 1, S = 1
/// (three gates: U3, RZ, U3), each followed by depolarising noise kp, gives ⟨Z⟩(k) = (1 − kp)³·E with E the exact
/// value — a cubic in the scale factor k.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ZeroNoiseExtrapolationTests
{
    private const double P = 0.04;
    private static readonly CircuitSpec Spec = new(1, 1, 1);

    private static (double[] Exact, double[] Mitigated) Run(double[] factors, ExtrapolationFit fit)
    {
        using var scope = DisposeScope.Enter();
        var theta = Tensors.FromArray(new double[] { 1.1, 0.4, -0.7, 2.2, -1.3, 0.5 }, [1, .. Spec.ParameterShape]);
        var x = Tensors.FromArray(new double[] { 0.3, -1.2, 2.0 }, [1, 3, 1]);
        var exact = QuantumCircuit.Evaluate(Spec, theta, x).Contiguous().ToArray<double>();
        var execution = new QuantumExecution(Noise: new NoiseModel(Depol1: P), ZneFactors: factors, Fit: fit);
        return (exact, execution.Evaluate(Spec, theta, x).Contiguous().ToArray<double>());
    }

    [Fact]
    public void Richardson_weights_are_the_Lagrange_weights_at_zero()
    {
        Close.All([3, -3, 1], ZeroNoiseExtrapolation.Weights([1, 2, 3], ExtrapolationFit.Richardson), 1e-15, 0, "1,2,3");
        Close.All([2, -1], ZeroNoiseExtrapolation.Weights([1, 2], ExtrapolationFit.Linear), 1e-15, 0, "linear 1,2");
        // least squares through (1, y1), (2, y2), (3, y3): intercept = (4y1 + y2 − 2y3)/3
        Close.All([4.0 / 3, 1.0 / 3, -2.0 / 3], ZeroNoiseExtrapolation.Weights([1, 2, 3], ExtrapolationFit.Linear), 1e-15, 0, "linear 1,2,3");
    }

    [Fact]
    public void Richardson_through_four_factors_recovers_the_exact_value()
    {
        // A cubic through 4 points is the cubic itself
        var (exact, mitigated) = Run([1, 2, 3, 4], ExtrapolationFit.Richardson);
        Close.All(exact, mitigated, 1e-12, 0, "ZNE 1,2,3,4");
    }

    [Fact]
    public void Richardson_through_three_factors_leaves_the_cubic_term()
    {
        // 3(1−p)³ − 3(1−2p)³ + (1−3p)³ = 1 − 6p³
        var (exact, mitigated) = Run([1, 2, 3], ExtrapolationFit.Richardson);
        Close.All(exact.Select(e => e * (1 - 6 * P * P * P)).ToArray(), mitigated, 1e-12, 0, "ZNE 1,2,3");
    }

    [Fact]
    public void Linear_through_two_factors_leaves_the_quadratic_term()
    {
        // 2(1−p)³ − (1−2p)³ = 1 − 6p² + 6p³, against the unmitigated (1−p)³ = 1 − 3p + …
        var (exact, mitigated) = Run([1, 2], ExtrapolationFit.Linear);
        Close.All(exact.Select(e => e * (1 - 6 * P * P + 6 * P * P * P)).ToArray(), mitigated, 1e-12, 0, "ZNE 1,2 linear");
    }

    [Fact]
    public void Bad_factors_name_the_option()
    {
        Assert.Contains("--zne", Assert.Throws<ArgumentException>(() => ZeroNoiseExtrapolation.ParseFactors("1")).Message);
        Assert.Contains("--zne", Assert.Throws<ArgumentException>(() => ZeroNoiseExtrapolation.ParseFactors("1,0.5")).Message);
        Assert.Contains("--zne", Assert.Throws<ArgumentException>(() => ZeroNoiseExtrapolation.ParseFactors("1,x")).Message);
        Assert.Equal([1.0, 2.0, 3.0], ZeroNoiseExtrapolation.ParseFactors("1, 2,3"));
    }
}
