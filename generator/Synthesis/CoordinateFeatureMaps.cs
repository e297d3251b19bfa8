using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;
using QirenGan.Hypernet;
using QirenGan.Torch;

namespace QirenGan.Generator.Synthesis;

/// <summary>
/// What the synthesis network's first stage sees, as images: the coordinate encoder's output over the pixel grid
/// (one map per feature: each QIREN circuit's ⟨Z₀⟩, or a baseline's activations), for the `inspect` verb. Reads the
/// generator only; it renders exactly what <see cref="QirenGenerator.Synthesize"/> feeds its first FMM layer.
/// </summary>
public static class CoordinateFeatureMaps
{
    /// <summary>
    /// The coordinate features over the R×R grid (<see cref="CoordinateGrid.Create"/>) as float32 [N, C, R, R] on
    /// the CPU: N = 1 when the encoder takes no per-image parameters, else one row per seed (its circuits come from
    /// the hypernet, ψ = 1, as `generate` renders that seed).
    /// </summary>
    /// <param name="g">The generator, in the mode it renders in (G_ema: evaluation).</param>
    /// <param name="resolution">R, any render resolution.</param>
    /// <param name="seeds">Seeds of the images whose per-image features are rendered (ignored when the features are shared).</param>
    public static Tensor Render(QirenGenerator g, int resolution, IReadOnlyList<int> seeds)
    {
        if (resolution < 1)
        {
            throw new ArgumentException($"CoordinateFeatureMaps: resolution must be positive, got {resolution}");
        }
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var device = g.Parameters().First().Value.Device;
        IReadOnlyDictionary<string, Tensor> styles = new Dictionary<string, Tensor>();
        if (IsPerImage(g))
        {
            var w = g.Mapping.Forward(Latents.FromSeeds(seeds, g.Options.ZDim, device));   // [N, WDim]
            styles = g.Heads.Forward(MappingNetwork.Broadcast(w, g.NumWs));
        }
        var coords = CoordinateGrid.Create(resolution, resolution, device);             // [P, 2]
        var features = g.Encoder.Forward(coords, styles);                               // [N, P, C]
        var n = features.Size(0);
        return features.Transpose(1, 2).Reshape(n, g.Encoder.Features, resolution, resolution) // [N, C, R, R]
            .Float().Cpu().Contiguous().MoveToOuterScope();
    }

    /// <summary>Whether the features depend on the image (QIREN with circuits generated per image).</summary>
    public static bool IsPerImage(QirenGenerator g) => g.Encoder.Slots.Count > 0;

    /// <summary>
    /// The generator as built from <paramref name="options"/> (weights are deterministic from its seed), as it computes
    /// in its first training step: a QIREN encoder's BatchNorm normalises by the statistics of the R×R training grid
    /// (a fresh BatchNorm's running statistics, 0 and 1, are what nothing has learnt yet). Those are stored as the
    /// running statistics and the generator is switched to evaluation mode, so renders at any resolution show that
    /// same function, as G_ema's do.
    /// </summary>
    public static QirenGenerator AtInitialisation(GeneratorOptions options)
    {
        var g = new QirenGenerator(options);
        if (g.Encoder is QuantumEncoder quantum)
        {
            using var scope = DisposeScope.Enter();
            using var noGrad = Autograd.NoGrad();
            quantum.Quantum.Norm.CalibrateOnNextForward = true;
            quantum.Quantum.EncodingAngles(CoordinateGrid.Create(options.Resolution, options.Resolution));
        }
        g.Eval();
        return g;
    }

    /// <summary>The per-circuit frequencies of a QIREN generator's encoder (null for baselines), checked against its training resolution.</summary>
    public static IReadOnlyList<CircuitFrequency>? Frequencies(QirenGenerator g) =>
        g.Encoder is QuantumEncoder quantum ? EncoderFrequencies.Of(quantum.Quantum, g.Options.Resolution) : null;
}
