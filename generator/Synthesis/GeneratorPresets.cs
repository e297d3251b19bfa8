namespace QirenGan.Generator.Synthesis;

/// <summary>
/// Named generator configurations for `train --preset`. "official" is the official QIREN GAN (a StyleGAN2-ADA fork at
/// 32×32: 8 shared two-qubit circuits, depth 2, 2 re-uploads, per-pixel layers 64/32/32, FMM rank 10; G 1,134,963
/// parameters with D 1,346,305 at 32×32). The default preset is the configuration measured best on real faces (README,
/// "Quality on real faces"): the official network with per-image circuits and per-image coordinate styles, whose
/// encoder learns 10× slower (the artefact remedy of "Periodic artefacts").
/// </summary>
public static class GeneratorPresets
{
    public const string Official = "official";
    public const string Default = "qirengan";

    public static readonly string[] Names = [Default, Official];

    /// <summary>
    /// The remedy that lowered the spectral excess most on procedural faces (README, "Periodic artefacts"): F and
    /// BatchNorm learn 10× slower.
    /// </summary>
    public const double DefaultEncoderLrMultiplier = 0.1;

    /// <summary>
    /// The remedy for faces that all share one layout (README, "Quality on real faces"): the hypernet generates each
    /// image's circuit angles and a phase for each encoding angle, so every image has coordinate features of its own at
    /// the frequencies the slow encoder sets (G 1,134,963 + 74,016 circuit head + 4,112 phase head = 1,213,091 parameters
    /// at the official size). Affine styles, which also turn and rescale the gratings, let the hypernet raise their
    /// frequencies past the slow encoder: stripes of 5–8 cycles per image.
    /// </summary>
    public static readonly (CircuitMode Circuit, CoordinateStyle Styles) DefaultPerImageEncoder = (CircuitMode.Generated, CoordinateStyle.Phase);

    /// <summary>The options of preset <paramref name="name"/> at <paramref name="resolution"/>.</summary>
    public static GeneratorOptions Get(string name, int resolution) => name switch
    {
        Official => new GeneratorOptions(resolution),
        Default => new GeneratorOptions(resolution, Circuit: DefaultPerImageEncoder.Circuit, EncoderLrMultiplier: DefaultEncoderLrMultiplier,
            CoordinateStyles: DefaultPerImageEncoder.Styles),
        _ => throw new ArgumentException($"unknown preset '{name}' (expected one of {string.Join(", ", Names)})"),
    };
}
