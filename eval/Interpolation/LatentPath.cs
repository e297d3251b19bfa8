using QirenGan.Torch;

namespace QirenGan.Eval.Interpolation;

/// <summary>
/// Latent interpolation: spherical (slerp, Shoemake 1985) for z, linear for w, and the schedule of a grid with
/// one row per consecutive pair of latents and <c>steps</c> evenly spaced columns, both endpoints included.
/// </summary>
public static class LatentPath
{
    /// <summary>
    /// Spherical interpolation between latents of equal shape, over the angle ω between them seen as flat vectors:
    /// sin((1 − t)ω)/sin ω · a + sin(tω)/sin ω · b. Norms blend along with direction; t = 0 and t = 1 give a and b
    /// exactly; (anti)parallel inputs fall back to linear interpolation.
    /// </summary>
    public static Tensor Slerp(Tensor a, Tensor b, double t)
    {
        CheckPair(a, b);
        if (t == 0 || t == 1)
        {
            return (t == 0 ? a : b).Clone();
        }
        using var scope = DisposeScope.Enter();
        using var _ = Autograd.NoGrad();
        var (ua, ub) = (a.Double().Flatten(), b.Double().Flatten());
        var (na, nb) = (ua.Div(ua.Norm()), ub.Div(ub.Norm()));
        // 2·atan2(‖â − b̂‖, ‖â + b̂‖) is accurate at every angle, unlike acos(â·b̂) near 0 and π.
        var omega = 2 * Math.Atan2(na.Sub(nb).Norm().ToDouble(), na.Add(nb).Norm().ToDouble());
        var sin = Math.Sin(omega);
        if (!(Math.Abs(sin) > 1e-6))
        {
            return Lerp(a, b, t).MoveToOuterScope();
        }
        var (ca, cb) = (Math.Sin((1 - t) * omega) / sin, Math.Sin(t * omega) / sin);
        return a.Mul(ca).Add(b.Mul(cb)).MoveToOuterScope();
    }

    /// <summary>Linear interpolation a + t(b − a), exact at both ends (torch.lerp).</summary>
    public static Tensor Lerp(Tensor a, Tensor b, double t)
    {
        CheckPair(a, b);
        return a.Lerp(b, t);
    }

    /// <summary>The interpolation weights of <paramref name="steps"/> columns: j / (steps − 1), so 0 and 1 are included.</summary>
    public static double[] Weights(int steps)
    {
        if (steps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), $"LatentPath: need at least 2 steps (both endpoints), got {steps}");
        }
        return Enumerable.Range(0, steps).Select(j => j == steps - 1 ? 1.0 : (double)j / (steps - 1)).ToArray();
    }

    /// <summary>
    /// The latents of an interpolation grid: row k runs from latents[k] to latents[k + 1] in <paramref name="steps"/>
    /// columns. Each latent has one shape S ([D] for z; [D] or [num_ws, D] for w); the result is
    /// [latents − 1, steps, ...S] (caller's scope).
    /// </summary>
    public static Tensor Interpolate(Tensor[] latents, int steps, LatentSpace space)
    {
        if (latents.Length < 2)
        {
            throw new ArgumentException($"LatentPath: need at least 2 latents (one grid row per consecutive pair), got {latents.Length}");
        }
        var weights = Weights(steps);
        using var scope = DisposeScope.Enter();
        var rows = new Tensor[latents.Length - 1];
        for (var k = 0; k + 1 < latents.Length; ++k)
        {
            var (a, b) = (latents[k], latents[k + 1]);
            rows[k] = Tensors.Stack(weights.Select(t => space == LatentSpace.Z ? Slerp(a, b, t) : Lerp(a, b, t)).ToArray());  // [steps, ...S]
        }
        return Tensors.Stack(rows).MoveToOuterScope();  // [pairs, steps, ...S]
    }

    private static void CheckPair(Tensor a, Tensor b)
    {
        if (!a.Shape.SequenceEqual(b.Shape))
        {
            throw new ArgumentException(
                $"LatentPath: latents must share one shape, got [{string.Join(", ", a.Shape)}] and [{string.Join(", ", b.Shape)}]");
        }
    }
}
