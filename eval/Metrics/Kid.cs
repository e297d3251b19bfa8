using QirenGan.Torch;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// Kernel Inception Distance (Bińkowski et al. 2018) as StyleGAN2-ADA's <c>metrics/kernel_inception_distance.py</c>
/// computes it: the polynomial kernel k(x, y) = (xᵀy / d + 1)³, the unbiased MMD² estimate averaged over
/// <c>subsets</c> random subsets of m = min(N_real, N_fake, maxSubsetSize) rows from each set (drawn without
/// replacement, fakes first), in float64.
/// </summary>
public static class Kid
{
    /// <summary>StyleGAN2-ADA's kid50k_full settings.</summary>
    public const int DefaultSubsets = 100;

    public const int DefaultMaxSubsetSize = 1000;

    /// <summary>KID between real [N, D] and fake [M, D] features; <paramref name="seed"/> fixes the subsets.</summary>
    public static double Compute(Tensor real, Tensor fake, int subsets = DefaultSubsets,
        int maxSubsetSize = DefaultMaxSubsetSize, ulong seed = 0)
    {
        if (real.Dim != 2 || fake.Dim != 2 || real.Size(1) != fake.Size(1))
        {
            throw new ArgumentException(
                $"Kid: expected real [N, D] and fake [M, D] features, got [{string.Join(", ", real.Shape)}] and [{string.Join(", ", fake.Shape)}]");
        }
        var m = Math.Min(Math.Min(real.Size(0), fake.Size(0)), maxSubsetSize);
        if (m < 2 || subsets < 1)
        {
            throw new ArgumentException($"Kid: needs at least 2 rows per set and 1 subset, got subset size {m} and {subsets} subsets");
        }
        var d = (double)real.Size(1);
        using var scope = DisposeScope.Enter();
        using var _ = Autograd.NoGrad();
        var x64 = fake.Detach().To(ScalarType.Float64);
        var y64 = real.Detach().To(ScalarType.Float64);
        using var generator = new RandomGenerator(seed, x64.Device);
        double t = 0;
        for (var s = 0; s < subsets; ++s)
        {
            using var step = DisposeScope.Enter();
            var x = x64.IndexSelect(0, Tensors.RandPerm(x64.Size(0), generator, x64.Device).Narrow(0, 0, m));  // [m, D]
            var y = y64.IndexSelect(0, Tensors.RandPerm(y64.Size(0), generator, y64.Device).Narrow(0, 0, m));
            var kxx = x.Mm(x.T()).Div(d).Add(1).Pow(3);
            var kyy = y.Mm(y.T()).Div(d).Add(1).Pow(3);
            var kxy = x.Mm(y.T()).Div(d).Add(1).Pow(3);
            var offDiagonal = kxx.Sum().ToDouble() - kxx.Trace().ToDouble() + kyy.Sum().ToDouble() - kyy.Trace().ToDouble();
            t += offDiagonal / (m - 1) - kxy.Sum().ToDouble() * 2 / m;
        }
        return t / subsets / m;
    }
}
