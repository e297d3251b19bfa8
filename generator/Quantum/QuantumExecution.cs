using System.Globalization;
using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// How the circuits' expectation values are obtained: exact, under device noise (density matrices), from finite shots,
/// with zero-noise extrapolation. Where it is used: rendering and evaluation as a quantum computer would run the
/// circuits (`generate`/`interpolate`/`metrics --shots/--noise/--zne`, `fit --shots`), and the training of a
/// noise-aware generator (<see cref="Synthesis.GeneratorOptions.Noise"/>), which runs exact expectations under noise:
/// differentiable, unlike shot estimates, whose samples carry no gradient (exact gradients of the expectation are what
/// the parameter-shift rule would estimate on hardware anyway). An immutable value: the shot sampler's random stream
/// is a <see cref="ShotStream"/> held by whoever runs the circuits, so <c>with</c> copies share nothing.
/// </summary>
/// <param name="Shots">Measurement shots per circuit evaluation (per pixel and noise factor); 0 = exact expectations.</param>
/// <param name="Noise">Gate and readout error rates; null = a noiseless device (statevector probabilities).</param>
/// <param name="ZneFactors">Noise scale factors for zero-noise extrapolation (e.g. 1, 2, 3); null = none. Needs <paramref name="Noise"/>.</param>
/// <param name="Fit">How the ZNE values are extrapolated to zero noise.</param>
/// <param name="Seed">Seed of the <see cref="ShotStream"/> made when this execution is set (same seed, same command → same images).</param>
public sealed record QuantumExecution(
    long Shots = 0,
    NoiseModel? Noise = null,
    double[]? ZneFactors = null,
    ExtrapolationFit Fit = ExtrapolationFit.Richardson,
    ulong Seed = 0)
{
    /// <summary>Exact expectations on a noiseless device: the exact simulators.</summary>
    public static readonly QuantumExecution Exact = new();

    /// <summary>
    /// Measured bases per circuit evaluation: every output is a Z, so one computational-basis measurement serves them all.
    /// </summary>
    public const int MeasuredBases = 1;

    /// <summary>True when this changes nothing (exact, noiseless): callers keep their exact path.</summary>
    public bool IsExact => Shots == 0 && Noise is null && ZneFactors is null;

    /// <summary>Circuit runs per evaluation: shots × noise factors (0 with exact expectations: nothing is sampled).</summary>
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

    /// <summary>
    /// This execution, or, where it names no noise, the same on <paramref name="defaultNoise"/>: a noise-aware
    /// generator renders on the device it was trained for unless the execution says otherwise (a noiseless device is
    /// <see cref="NoiseModel.None"/>, `--noise none`).
    /// </summary>
    public QuantumExecution WithDefaultNoise(NoiseModel? defaultNoise) =>
        Noise is null && defaultNoise is not null ? this with { Noise = defaultNoise } : this;

    /// <summary>What is simulated, e.g. "1000 shots, noise none" or "exact expectations, noise depol1=0.001, ZNE (richardson) at 1,2,3".</summary>
    public string Describe() =>
        $"{(Shots == 0 ? "exact expectations" : $"{Shots} shots")}, noise {Noise?.ToString() ?? "none"}" +
        (ZneFactors is { } f ? $", ZNE ({Fit.ToString().ToLowerInvariant()}) at {string.Join(",", f.Select(v => v.ToString(CultureInfo.InvariantCulture)))}" : "");

    /// <summary>Circuit executions to evaluate <paramref name="circuits"/> circuits at <paramref name="points"/> inputs: points × circuits × bases × shots × noise factors.</summary>
    public long ShotBudget(long points, int circuits) => points * circuits * MeasuredBases * ShotsPerEvaluation;

    /// <summary>
    /// The <see cref="ShotBudget"/> spelled out, e.g. "256 pixels × 8 circuits × 1 basis × 100 shots × 3 noise factors
    /// = 614,400 circuit executions" (<paramref name="pointName"/> names the inputs); null with exact expectations (no shots).
    /// </summary>
    public string? DescribeShotBudget(long points, string pointName, int circuits) =>
        Shots == 0
            ? null
            : $"{points} {pointName} × {circuits} circuits × {MeasuredBases} basis × {Shots} shots" +
              (ZneFactors is { } f ? $" × {f.Length} noise factors" : "") +
              $" = {ShotBudget(points, circuits).ToString("N0", CultureInfo.InvariantCulture)} circuit executions";

    /// <summary>
    /// ⟨O⟩ per pixel as this execution measures it: same shapes as <see cref="QuantumCircuit.Evaluate"/>. Shots are drawn
    /// from <paramref name="shots"/> (needed where <see cref="Shots"/> &gt; 0), continuing its stream.
    /// </summary>
    public Tensor Evaluate(CircuitSpec spec, Tensor theta, Tensor x, ShotStream? shots = null)
    {
        Validate();
        if (IsExact)
        {
            return QuantumCircuit.Evaluate(spec, theta, x);
        }
        if (Shots > 0 && shots is null)
        {
            throw new ArgumentException($"QuantumExecution: {Shots} shots need a {nameof(ShotStream)} to draw from");
        }
        using var scope = DisposeScope.Enter();
        var noise = Noise ?? NoiseModel.None;
        var values = (ZneFactors ?? [1.0]).Select(f => Measure(spec, theta, x, ZneFactors is null ? noise : noise.Scaled(f), shots)).ToList();
        var result = ZneFactors is null ? values[0] : ZeroNoiseExtrapolation.Extrapolate(values, ZneFactors, Fit);
        return result.MoveToOuterScope();
    }

    private Tensor Measure(CircuitSpec spec, Tensor theta, Tensor x, NoiseModel noise, ShotStream? shots)
    {
        using var scope = DisposeScope.Enter();
        if (spec.Outputs == 1 && Shots > 0)
        {
            // One measured wire: counting its outcome in N draws of the joint distribution is a Binomial(N, P(0)),
            // so the exact ⟨Z₀⟩ (fast simulators) gives P(0) = (1 + ⟨Z₀⟩)/2 and one binomial per pixel suffices.
            var z = noise.IsZero ? QuantumCircuit.Evaluate(spec, theta, x) : DensityMatrixSimulator.Evaluate(spec, theta, x, noise);
            return ShotSampler.EstimateSingleZ(z, Shots, shots!.On(x.Device)).MoveToOuterScope();
        }
        // A noiseless device needs no density matrices: the statevector's |ψ_k|² is ~6× cheaper.
        var probabilities = noise.IsZero
            ? QuantumCircuit.Probabilities(spec, theta, x)
            : DensityMatrixSimulator.Probabilities(spec, theta, x, noise); // [*batch, P, 2ⁿ]
        var result = Shots == 0
            ? DensityMatrixSimulator.ExpectationFromProbabilities(spec, probabilities)
            : ShotSampler.EstimateExpectations(spec, probabilities, Shots, shots!.On(x.Device));
        return result.MoveToOuterScope();
    }
}
