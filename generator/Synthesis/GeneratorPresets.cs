namespace QirenGan.Generator.Synthesis;

/// <summary>
/// Named generator configurations for `train --preset`. "official" is the official QIREN GAN (a StyleGAN2-ADA fork at
/// 32×32: 8 shared two-qubit circuits, depth 2, 2 re-uploads, per-pixel layers 64/32/32, FMM rank 10; G 1,134,963
/// parameters with D 1,346,305 at 32×32). The default preset is the one the artefact measurements of issue 17 chose
/// (README, "Periodic artefacts").
/// </summary>
public static class GeneratorPresets
{
    public const string Official = "official";
    public const string Default = "qirengan";

    public static readonly string[] Names = [Default, Official];

    /// <summary>
    /// The default preset's one change to the official model, the remedy that lowered the spectral excess most on
    /// procedural faces (README, "Periodic artefacts"): F and BatchNorm learn 10× slower. Same parameters, same renders.
    /// </summary>
    public const double DefaultEncoderLrMultiplier = 0.1;

    /// <summary>The options of preset <paramref name="name"/> at <paramref name="resolution"/>.</summary>
    public static GeneratorOptions Get(string name, int resolution) => name switch
    {
        Official => new GeneratorOptions(resolution),
        Default => new GeneratorOptions(resolution, EncoderLrMultiplier: DefaultEncoderLrMultiplier),
        _ => throw new ArgumentException($"unknown preset '{name}' (expected one of {string.Join(", ", Names)})"),
    };
}
