using QirenGan.Torch;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// The Fréchet distance between two Gaussians, the quantity behind FID (Heusel et al. 2017):
/// ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^½ Σ₂ Σ₁^½)^½.
/// StyleGAN2-ADA's <c>metrics/frechet_inception_distance.py</c> takes scipy's sqrtm of Σ₁Σ₂ and drops the
/// imaginary part; here the trace term is computed from symmetric eigendecompositions only (DESIGN.md §7):
/// S = Σ₁^½ = V diag(√max(λ, 0)) Vᵀ, then Σ√max(λₖ, 0) over the eigenvalues λₖ of the symmetric S·Σ₂·S (eigenvalues
/// at rounding level counted as 0, see <see cref="CleanRoot"/>) — the same
/// value for positive semi-definite inputs (SΣ₂S is similar to Σ₁Σ₂), but never complex and stable when the
/// covariances are singular (fewer samples than dimensions). Computed in float64 by LAPACK through libtorch.
/// </summary>
public static class FrechetDistance
{
    /// <summary>Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂); μ are [D], Σ are [D, D], any float dtype.</summary>
    public static double Compute(Tensor mu1, Tensor sigma1, Tensor mu2, Tensor sigma2)
    {
        var d = mu1.Dim == 1 ? mu1.Size(0) : -1;
        foreach (var (name, t, shape) in new[]
                 {
                     ("mu1", mu1, new[] { d }), ("mu2", mu2, new[] { d }),
                     ("sigma1", sigma1, new[] { d, d }), ("sigma2", sigma2, new[] { d, d }),
                 })
        {
            if (d <= 0 || !t.Shape.SequenceEqual(shape))
            {
                throw new ArgumentException(
                    $"FrechetDistance: expected mu [D] and sigma [D, D] with equal D, got {name} [{string.Join(", ", t.Shape)}] (mu1 [{string.Join(", ", mu1.Shape)}])");
            }
        }
        using var scope = DisposeScope.Enter();
        using var _ = Autograd.NoGrad();
        var m1 = mu1.Detach().To(Device.Cpu, ScalarType.Float64);
        var m2 = mu2.Detach().To(Device.Cpu, ScalarType.Float64);
        var s1 = Symmetric(sigma1.Detach().To(Device.Cpu, ScalarType.Float64));
        var s2 = Symmetric(sigma2.Detach().To(Device.Cpu, ScalarType.Float64));

        var meanTerm = m1.Sub(m2).Square().Sum().ToDouble();
        var (lambda1, v1) = s1.LinalgEigh();
        var root1 = v1.Mul(CleanRoot(lambda1).Unsqueeze(0)).Mm(v1.T());  // V diag(√λ) Vᵀ, [D, D]
        var inner = Symmetric(root1.Mm(s2).Mm(root1));
        var traceRoot = CleanRoot(inner.LinalgEigvalsh()).Sum().ToDouble();
        return meanTerm + s1.Trace().ToDouble() + s2.Trace().ToDouble() - 2 * traceRoot;
    }

    /// <summary>FID between two sets of feature statistics (the first is conventionally the reals).</summary>
    public static double Compute(FeatureStatistics a, FeatureStatistics b)
    {
        if (a.Dims != b.Dims)
        {
            throw new ArgumentException($"FrechetDistance: feature lengths differ ({a.Dims} vs {b.Dims}); were they made by the same detector?");
        }
        using var scope = DisposeScope.Enter();
        return Compute(a.Mean(), a.Covariance(), b.Mean(), b.Covariance());
    }

    /// <summary>
    /// √λ of eigenvalues, with those below D·ε·max|λ| (rounding noise of the decomposition, including every
    /// negative one) set to 0: for a singular Σ the null-space eigenvalues come out as ±1e-16·‖Σ‖, whose square
    /// roots (≈1e-8 each, hundreds of them) would otherwise add up to a visible error.
    /// </summary>
    private static Tensor CleanRoot(Tensor eigenvalues)
    {
        var largest = eigenvalues.Abs().Max().ToDouble();
        var floor = eigenvalues.Size(0) * MachineEpsilon * largest;
        return eigenvalues.Clamp(min: 0).MaskedFill(eigenvalues.Le(floor), 0).Sqrt();
    }

    private const double MachineEpsilon = 2.220446049250313e-16;  // float64 machine epsilon (numpy's finfo.eps)

    // Rounding leaves Σ and SΣ₂S a few ulps from symmetric; eigh reads one triangle, so average both first.
    private static Tensor Symmetric(Tensor m) => m.Add(m.T()).Mul(0.5);
}
