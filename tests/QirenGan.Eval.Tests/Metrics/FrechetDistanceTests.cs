using QirenGan.Eval.Metrics;

namespace QirenGan.Eval.Tests.Metrics;

[Collection(TorchCollection.Name)]
public sealed class FrechetDistanceTests
{
    private static Tensor Vec(params double[] v) => Tensors.FromArray(v);

    private static Tensor Mat(int n, params double[] v) => Tensors.FromArray(v, [n, n]);

    [Fact]
    public void Matches_the_closed_forms_of_design_section_7()
    {
        using var scope = DisposeScope.Enter();
        // Σ₁ = diag(4, 1), Σ₂ = [[2, 1], [1, 2]]: tr(Σ₁^½Σ₂Σ₁^½)^½ = √(10 + 4√3), so FID = 9 − 2√(10 + 4√3).
        Close.Scalar(0.7712204476543416,
            FrechetDistance.Compute(Vec(0, 0), Mat(2, 4, 0, 0, 1), Vec(0, 0), Mat(2, 2, 1, 1, 2)), 1e-9, "equal means");
        Close.Scalar(5.771220447654342,
            FrechetDistance.Compute(Vec(0, 0), Mat(2, 4, 0, 0, 1), Vec(1, 2), Mat(2, 2, 1, 1, 2)), 1e-9, "means (0,0), (1,2)");
        // Σ₁ = [[2, 1], [1, 2]], Σ₂ = I: 4 + 2 − 2(√3 + 1) = 4 − 2√3.
        Close.Scalar(0.5358983848622456,
            FrechetDistance.Compute(Vec(0, 0), Mat(2, 2, 1, 1, 2), Vec(0, 0), Mat(2, 1, 0, 0, 1)), 1e-9, "against I");
        var eye = Tensors.Eye(2048, ScalarType.Float64);
        Close.Scalar(2048,
            FrechetDistance.Compute(Tensors.Zeros([2048], ScalarType.Float64), eye, Tensors.Ones([2048], ScalarType.Float64), eye),
            1e-9, "2048-d unit shift");
    }

    [Fact]
    public void Is_symmetric_and_zero_for_equal_statistics()
    {
        using var scope = DisposeScope.Enter();
        var g = new RandomGenerator(5);
        var a = Tensors.Randn([7, 7], g, ScalarType.Float64);
        var b = Tensors.Randn([7, 7], g, ScalarType.Float64);
        var sigma1 = a.Mm(a.T()).Add(Tensors.Eye(7, ScalarType.Float64).Mul(0.1));
        var sigma2 = b.Mm(b.T());
        var mu1 = Tensors.Randn([7], g, ScalarType.Float64);
        var mu2 = Tensors.Randn([7], g, ScalarType.Float64);

        var forward = FrechetDistance.Compute(mu1, sigma1, mu2, sigma2);
        var backward = FrechetDistance.Compute(mu2, sigma2, mu1, sigma1);
        var same = FrechetDistance.Compute(mu1, sigma1, mu1, sigma1);

        Assert.True(forward > 1, $"distinct Gaussians should be far apart, got {forward}");
        Close.Scalar(forward, backward, 1e-9 * forward, "swapped arguments");
        Close.Scalar(0, same, 1e-9, "equal statistics");
    }

    [Fact]
    public void Stays_finite_and_exact_for_singular_covariances_from_fewer_samples_than_dimensions()
    {
        // Given 5 samples in 32 dimensions (rank-4 covariance) and a copy scaled by c = 2 and shifted:
        // with Σ₂ = c²Σ₁, tr(Σ₁^½Σ₂Σ₁^½)^½ = c·tr Σ₁, so FID = ‖Δμ‖² + (1 − c)²·tr Σ₁ = ‖Δμ‖² + tr Σ₁.
        using var scope = DisposeScope.Enter();
        var features = Tensors.Randn([5, 32], new RandomGenerator(9), ScalarType.Float64);
        using var real = new FeatureStatistics(32);
        using var fake = new FeatureStatistics(32);
        real.Append(features);
        fake.Append(features.Mul(2).Add(0.5));
        var expected = ExpectedShifted(real, fake);

        var fid = FrechetDistance.Compute(real, fake);
        var self = FrechetDistance.Compute(real, real);

        Assert.True(double.IsFinite(fid) && double.IsFinite(self));
        Close.Scalar(expected, fid, 1e-9 * expected, "scaled singular covariance");
        Close.Scalar(0, self, 1e-9 * real.Covariance().Trace().ToDouble(), "singular covariance against itself");
    }

    private static double ExpectedShifted(FeatureStatistics real, FeatureStatistics fake)
    {
        using var scope = DisposeScope.Enter();
        var shift = fake.Mean().Sub(real.Mean()).Square().Sum().ToDouble();
        return shift + real.Covariance().Trace().ToDouble();
    }
}
