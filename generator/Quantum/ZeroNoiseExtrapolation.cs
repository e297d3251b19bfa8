using System.Globalization;
using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>How <see cref="ZeroNoiseExtrapolation"/> fits the values measured at the scaled noise levels.</summary>
public enum ExtrapolationFit
{
    /// <summary>The polynomial of degree k−1 through all k points, evaluated at 0 (Richardson; Temme, Bravyi &amp; Gambetta 2017).</summary>
    Richardson,

    /// <summary>The least-squares straight line through the points, evaluated at 0 (more robust to shot noise).</summary>
    Linear,
}

/// <summary>
/// Zero-noise extrapolation (Temme, Bravyi &amp; Gambetta, PRL 119, 180509, 2017; Mitiq's RichardsonFactory and
/// LinearFactory): expectation values measured with every gate-error rate scaled by factors λ_1 … λ_k are
/// combined linearly, y(0) ≈ Σ_i w_i·y(λ_i), with weights that extrapolate the fit to λ = 0.
/// </summary>
public static class ZeroNoiseExtrapolation
{
    /// <summary>"1,2,3" → the scale factors (each ≥ 1, distinct, at least two).</summary>
    public static double[] ParseFactors(string text, string option = "--zne")
    {
        var factors = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var f))
            {
                throw new ArgumentException($"{option}: cannot parse '{part}' (expected scale factors, e.g. 1,2,3)");
            }
            factors.Add(f);
        }
        var result = factors.ToArray();
        Validate(result, option);
        return result;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="option"/> unless the factors can be extrapolated.</summary>
    public static void Validate(double[] factors, string option = "--zne")
    {
        if (factors.Length < 2 || factors.Distinct().Count() != factors.Length || factors.Any(f => !(f >= 1) || double.IsInfinity(f)))
        {
            throw new ArgumentException(
                $"{option}: needs at least two distinct finite scale factors ≥ 1 (noise can be amplified, not reduced), got {string.Join(",", factors)}");
        }
    }

    /// <summary>The weights w_i with y(0) ≈ Σ w_i·y(λ_i).</summary>
    public static double[] Weights(double[] factors, ExtrapolationFit fit)
    {
        Validate(factors);
        var k = factors.Length;
        var w = new double[k];
        if (fit == ExtrapolationFit.Richardson)
        {
            // Lagrange basis polynomials at 0: w_i = Π_{j≠i} λ_j / (λ_j − λ_i)
            for (var i = 0; i < k; ++i)
            {
                w[i] = 1;
                for (var j = 0; j < k; ++j)
                {
                    if (j != i)
                    {
                        w[i] *= factors[j] / (factors[j] - factors[i]);
                    }
                }
            }
            return w;
        }
        // least squares y = a + bλ: a = ȳ − b·λ̄, b = Σ(λ_i − λ̄)y_i / Σ(λ_j − λ̄)², so w_i = 1/k − λ̄(λ_i − λ̄)/Sxx
        var mean = factors.Average();
        var sxx = factors.Sum(f => (f - mean) * (f - mean));
        for (var i = 0; i < k; ++i)
        {
            w[i] = 1.0 / k - mean * (factors[i] - mean) / sxx;
        }
        return w;
    }

    /// <summary>Values measured at each factor (same shapes) → the extrapolated zero-noise values.</summary>
    public static Tensor Extrapolate(IReadOnlyList<Tensor> values, double[] factors, ExtrapolationFit fit)
    {
        if (values.Count != factors.Length)
        {
            throw new ArgumentException($"--zne: {values.Count} measured values for {factors.Length} scale factors");
        }
        var weights = Weights(factors, fit);
        using var scope = DisposeScope.Enter();
        var result = values[0].Mul(weights[0]);
        for (var i = 1; i < values.Count; ++i)
        {
            result = result.Add(values[i].Mul(weights[i]));
        }
        return result.MoveToOuterScope();
    }
}
