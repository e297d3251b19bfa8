using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// How the circuits' expectation values are obtained when rendering as a quantum computer would: finite shots,
/// a noisy device, zero-noise extrapolation. Null where the generator holds one means exact expectations (the
/// default, and always the case in training: the sampled estimates have no gradient, and exact gradients of
/// the expectation are what the parameter-shift rule would estimate on hardware anyway).
/// </summary>
/// <param name="Shots">Measurement shots per circuit evaluation (per pixel and noise factor); 0 = exact expectations.</param>
/// <param name="Noise">Gate and readout error rates; null = a noiseless device (statevector probabilities).</param>
/// <param name="ZneFactors">Noise scale factors for zero-noise extrapolation (e.g. 1, 2, 3); null = none. Needs <paramref name="Noise"/>.</param>
/// <param name="Fit">How the ZNE values are extrapolated to zero noise.</param>
/// <param name="Seed">Seed of the shot sampler (same seed, same command → same images).</param>
public sealed record QuantumExecution(
    long Shots = 0,
    NoiseModel? Noise = null,
    double[]? ZneFactors = null,
    ExtrapolationFit Fit = ExtrapolationFit.Richardson,
    ulong Seed = 0)
{
    private RandomGenerator? _generator;

    /// <summary>True when this changes nothing (exact, noiseless): callers keep their exact path.</summary>
    public bool IsExact => Shots == 0 && Noise is null && ZneFactors is null;

    /// <summary>Circuit runs per evaluation: shots × noise factors (1 where exact).</summary>
    public long ShotsPerEvaluation => Shots * (ZneFactors?.Length ?? 1);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the CLI option at fault.</summary>
    public void Validate()
    {
        if (Shots < 0 || Shots > ShotSampler.MaxShots)
        {
            throw new ArgumentException($"--shots: must be in 0..{ShotSampler.MaxShots} (0 = exact expectations), got {Shots}");
        }
        Noise?.Validate();
        if (ZneFactors is not null)
        {
            ZeroNoiseExtrapolation.Validate(ZneFactors);
            if (Noise is null || Noise.IsZero)
            {
                throw new ArgumentException("--zne: needs --noise (there is nothing to extrapolate away on a noiseless device)");
            }
            foreach (var f in ZneFactors)
            {
                Noise.Scaled(f);
            }
        }
    }

    /// <summary>⟨O⟩ per pixel as this execution measures it: same shapes as <see cref="QuantumCircuit.Evaluate"/>.</summary>
    public Tensor Evaluate(CircuitSpec spec, Tensor theta, Tensor x)
    {
        Validate();
        if (IsExact)
        {
            return QuantumCircuit.Evaluate(spec, theta, x);
        }
        using var scope = DisposeScope.Enter();
        var noise = Noise ?? NoiseModel.None;
        var values = (ZneFactors ?? [1.0]).Select(f => Measure(spec, theta, x, ZneFactors is null ? noise : noise.Scaled(f))).ToList();
        var result = ZneFactors is null ? values[0] : ZeroNoiseExtrapolation.Extrapolate(values, ZneFactors, Fit);
        return result.MoveToOuterScope();
    }

    private Tensor Measure(CircuitSpec spec, Tensor theta, Tensor x, NoiseModel noise)
    {
        using var scope = DisposeScope.Enter();
        if (spec.Outputs == 1 && Shots > 0)
        {
            // One measured wire: counting its outcome in N draws of the joint distribution is a Binomial(N, P(0)),
            // so the exact ⟨Z₀⟩ (fast simulators) gives P(0) = (1 + ⟨Z₀⟩)/2 and one binomial per pixel suffices.
            var z = noise.IsZero ? QuantumCircuit.Evaluate(spec, theta, x) : DensityMatrixSimulator.Evaluate(spec, theta, x, noise);
            return ShotSampler.EstimateSingleZ(z, Shots, Generator(x.Device)).MoveToOuterScope();
        }
        // A noiseless device needs no density matrices: the statevector's |ψ_k|² is ~6× cheaper.
        var probabilities = noise.IsZero
            ? QuantumCircuit.Probabilities(spec, theta, x)
            : DensityMatrixSimulator.Probabilities(spec, theta, x, noise); // [*batch, P, 2ⁿ]
        var result = Shots == 0
            ? DensityMatrixSimulator.ExpectationFromProbabilities(spec, probabilities)
            : ShotSampler.EstimateExpectations(spec, probabilities, Shots, Generator(x.Device));
        return result.MoveToOuterScope();
    }

    // One stream per execution: consecutive batches draw consecutive samples, reproducibly for a given seed.
    private RandomGenerator Generator(Device device) => _generator ??= new RandomGenerator(Seed, device);
}
