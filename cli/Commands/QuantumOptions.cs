using System.CommandLine;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `--shots`, `--noise`, `--zne`, `--zne-fit`, `--shot-seed`: render a snapshot as a quantum computer would run
/// its circuits (finite shots, a noisy device, zero-noise extrapolation). Without them nothing changes: the
/// generator keeps its exact simulators, bit for bit.
/// </summary>
public sealed class QuantumOptions
{
    public Option<long> Shots { get; } = new("--shots")
    {
        Description = "Measurement shots per circuit evaluation (per pixel): each ⟨Z⟩ is estimated from N samples of the outcome distribution. 0 = exact expectations.",
        DefaultValueFactory = _ => 0,
    };

    public Option<string?> Noise { get; } = new("--noise")
    {
        Description = "Device noise, simulated with density matrices: depol1=P,depol2=P,amp=γ,phase=λ,readout=ε (any subset; probabilities per gate / per measured bit), or none (also overrides the noise a `train --noise` snapshot was trained with).",
    };

    public Option<string?> Zne { get; } = new("--zne")
    {
        Description = "Zero-noise extrapolation: gate noise scale factors, e.g. 1,2,3 (needs --noise).",
    };

    public Option<string> ZneFit { get; } = new("--zne-fit")
    {
        Description = "How --zne extrapolates: richardson (polynomial through all factors) or linear (least squares).",
        DefaultValueFactory = _ => "richardson",
    };

    public Option<ulong> ShotSeed { get; } = new("--shot-seed")
    {
        Description = "Seed of the shot sampler (same seed → same images).",
        DefaultValueFactory = _ => 0,
    };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Shots, Noise, Zne, ZneFit, ShotSeed })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The execution the options ask for, or null when they ask for none (exact rendering).</summary>
    public QuantumExecution? Parse(ParseResult result)
    {
        var noise = result.GetValue(Noise) is { } n ? NoiseModel.Parse(n) : null;
        var factors = result.GetValue(Zne) is { } z ? ZeroNoiseExtrapolation.ParseFactors(z) : null;
        var fit = result.GetValue(ZneFit)!.Trim().ToLowerInvariant() switch
        {
            "richardson" => ExtrapolationFit.Richardson,
            "linear" => ExtrapolationFit.Linear,
            var other => throw new ArgumentException($"--zne-fit: must be richardson or linear, got '{other}'"),
        };
        var execution = new QuantumExecution(result.GetValue(Shots), noise, factors, fit, result.GetValue(ShotSeed));
        execution.Validate();
        return execution.IsExact ? null : execution;
    }

    /// <summary>
    /// Runs the generator's circuits as <paramref name="execution"/> says (<see cref="QirenGenerator.UseExecution"/>: a
    /// noise-aware snapshot keeps its noise unless --noise says otherwise) and returns the line the verbs print: what is
    /// simulated and the shot budget per image (pixels × circuits × measured bases × shots × noise factors).
    /// </summary>
    public static string Apply(QirenGenerator g, QuantumExecution execution, int resolution)
    {
        g.UseExecution(execution);
        return Describe(g.Execution, resolution, g.Circuits);
    }

    /// <summary>"quantum execution: …; shot budget per image …" for <paramref name="circuits"/> circuits per pixel at <paramref name="resolution"/>².</summary>
    private static string Describe(QuantumExecution execution, int resolution, int circuits) =>
        $"quantum execution: {execution.Describe()}" +
        (execution.DescribeShotBudget((long)resolution * resolution, "pixels", circuits) is { } budget ? $"; shot budget per image {budget}" : "");
}
