using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// Finite-shot measurement: N repetitions of the circuit measured in the computational basis (the one basis every
/// output of this circuit needs: Z on wire 0 or Z on every wire), i.e. outcome counts drawn from the multinomial
/// over the 2ⁿ basis states with the circuit's exact (or noisy) probabilities, then each ⟨Z_q⟩ estimated as the
/// mean of ±1 over the shots. The estimate is unbiased with variance (1 − ⟨Z⟩²)/N per wire, like on hardware.
/// The multinomial is sampled as a chain of exact binomials (count of outcome k given the shots left and
/// p_k / (1 − p_0 − … − p_{k−1})), vectorised over pixels, in float64 whatever the model's dtype.
/// </summary>
public static class ShotSampler
{
    /// <summary>Largest shot count: counts are held in float64, exact far beyond this.</summary>
    public const long MaxShots = 1L << 40;

    /// <summary>Probabilities [..., 2ⁿ] → outcome counts [..., 2ⁿ] (float64) summing to <paramref name="shots"/>.</summary>
    public static Tensor SampleCounts(Tensor probabilities, long shots, RandomGenerator generator)
    {
        if (shots < 1 || shots > MaxShots)
        {
            throw new ArgumentException($"--shots: must be in 1..{MaxShots}, got {shots}");
        }
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var p = probabilities.Detach().To(ScalarType.Float64).Clamp(0, 1); // rounding can leave −1e−17
        var outcomes = p.Size(-1);
        var remaining = Tensors.FullLike(p.Select(-1, 0), shots);
        var mass = Tensors.OnesLike(remaining);
        var counts = new Tensor[outcomes];
        for (var k = 0; k < outcomes - 1; ++k)
        {
            var pk = p.Select(-1, k);
            // conditional probability of outcome k among k..end; guarded where the remaining mass rounds to 0
            var conditional = pk.Div(mass.Clamp(1e-300, 2)).Clamp(0, 1);
            counts[k] = Tensors.Binomial(remaining, conditional, generator);
            remaining = remaining.Sub(counts[k]);
            mass = mass.Sub(pk);
        }
        counts[outcomes - 1] = remaining;
        return Tensors.Stack(counts, -1).MoveToOuterScope(); // [..., 2ⁿ]
    }

    /// <summary>
    /// Exact ⟨Z⟩ of one measured wire [...] → its N-shot estimate (#0 − #1)/N with #0 ~ Binomial(N, (1 + ⟨Z⟩)/2),
    /// in ⟨Z⟩'s dtype: the same distribution as <see cref="EstimateExpectations"/> gives that wire, from one binomial
    /// instead of 2ⁿ − 1.
    /// </summary>
    public static Tensor EstimateSingleZ(Tensor z, long shots, RandomGenerator generator)
    {
        if (shots < 1 || shots > MaxShots)
        {
            throw new ArgumentException($"--shots: must be in 1..{MaxShots}, got {shots}");
        }
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var p0 = z.Detach().To(ScalarType.Float64).Add(1).Mul(0.5).Clamp(0, 1);
        var zeros = Tensors.Binomial(Tensors.FullLike(p0, shots), p0, generator);
        return zeros.Mul(2.0 / shots).Sub(1).To(z.DType).MoveToOuterScope();
    }

    /// <summary>Probabilities [..., 2ⁿ] → shot estimates of ⟨Z⟩ of the measured wires [..., Outputs] in the probabilities' dtype.</summary>
    public static Tensor EstimateExpectations(CircuitSpec spec, Tensor probabilities, long shots, RandomGenerator generator)
    {
        using var scope = DisposeScope.Enter();
        var counts = SampleCounts(probabilities, shots, generator);
        var frequencies = counts.Div(shots).To(probabilities.DType);
        return DensityMatrixSimulator.ExpectationFromProbabilities(spec, frequencies).MoveToOuterScope();
    }
}
