using QirenGan.Training.Loop;

namespace QirenGan.Training.Tests.Loop;

[Collection(TorchCollection.Name)]
public sealed class LossTests
{
    [Fact]
    public void R1_penalty_equals_the_squared_input_gradient_by_finite_differences()
    {
        using var scope = DisposeScope.Enter();
        // D(x) = Σ tanh(w ⊙ x) per image: a smooth stand-in for a discriminator.
        var w = Tensors.FromArray(Enumerable.Range(0, 12).Select(i => 0.3 + 0.1 * i).ToArray(), [1, 3, 2, 2]);
        Tensor D(Tensor x) => x.Mul(w).Tanh().Sum([1, 2, 3]);
        var x0 = Enumerable.Range(0, 24).Select(i => Math.Sin(0.7 * i)).ToArray();
        var x = Tensors.FromArray(x0, [2, 3, 2, 2]).RequiresGrad_();

        var r1 = Losses.R1(D(x), x).ToArray<double>();

        var grad = FiniteDifferences.Gradient(t => D(t).Sum().ToDouble(), x0, [2, 3, 2, 2]);
        var expected = new[] { grad[..12].Sum(g => g * g), grad[12..].Sum(g => g * g) };
        Close.All(expected, r1, 1e-8, 1e-6, "R1");
    }

    [Fact]
    public void Logistic_losses_match_their_formulas()
    {
        using var scope = DisposeScope.Enter();
        var fake = Tensors.FromArray(new[] { -1.0, 2.0 }, [2, 1]);
        var real = Tensors.FromArray(new[] { 0.5, -0.5 }, [2, 1]);
        static double Sp(double v) => Math.Log(1 + Math.Exp(v));
        Close.Scalar((Sp(1) + Sp(-2)) / 2, Losses.Generator(fake).ToDouble(), 1e-12);
        Close.Scalar((Sp(-1) + Sp(2)) / 2 + (Sp(-0.5) + Sp(0.5)) / 2, Losses.Discriminator(fake, real).ToDouble(), 1e-12);
        Assert.Equal(0.0002 * 32 * 32 / 32, Losses.AutoGamma(32, 32), 12);
    }

    [Fact]
    public void Ema_uses_the_half_life_and_rampup_formula()
    {
        // β = 0.5^(batch / min(ema_kimg·1000, cur_nimg·rampup))
        Assert.Equal(Math.Pow(0.5, 32 / 10000.0), Ema.Beta(32, 1_000_000, 10, 0.05), 12);
        Assert.Equal(Math.Pow(0.5, 32 / 50.0), Ema.Beta(32, 1000, 10, 0.05), 12);
        Assert.Equal(Math.Pow(0.5, 32 / 10000.0), Ema.Beta(32, 1000, 10, null), 12);
    }
}
