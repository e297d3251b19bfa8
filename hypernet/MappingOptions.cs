namespace QirenGan.Hypernet;

/// <summary>Options of the <see cref="MappingNetwork"/> (StyleGAN2-ADA's MappingNetwork arguments).</summary>
/// <param name="ZDim">Width of the input latent z.</param>
/// <param name="WDim">Width of the intermediate latent w (and of every hidden layer).</param>
/// <param name="Layers">Number of fully connected layers (8 in StyleGAN2 and the official QIREN GAN).</param>
/// <param name="LrMultiplier">Learning-rate multiplier of every layer (0.01: the mapping learns 100× slower).</param>
/// <param name="WAvgBeta">Decay of the tracked average w used by truncation (w_avg ← β·w_avg + (1 − β)·mean w).</param>
/// <param name="Kind">What each fully connected layer's weight is: "dense" (StyleGAN2, the default), "tt" (a
/// tensor-train matrix with <see cref="TtCores"/> cores) or "mera" (a binary MERA on legs of 2, ending on 2 legs); see
/// tensornet/README.md.</param>
/// <param name="Bond">TT rank of every inner bond ("tt") or MERA bond dimension χ ("mera"); ignored by "dense".</param>
public sealed record MappingOptions(int ZDim = 256, int WDim = 256, int Layers = 8, double LrMultiplier = 0.01,
    double WAvgBeta = 0.995, string Kind = MappingOptions.Dense, int Bond = 4)
{
    public const string Dense = "dense", TensorTrain = "tt", Mera = "mera";

    /// <summary>The accepted <see cref="Kind"/> values.</summary>
    public static readonly string[] Kinds = [Dense, TensorTrain, Mera];

    /// <summary>Cores of a "tt" layer (256 = 4·4·4·4, Novikov et al.'s usual balanced split).</summary>
    public const int TtCores = 4;

    /// <summary>Input leg dimension of a "mera" layer (2: 256 inputs are 8 qubit-like legs, as in the paper).</summary>
    public const int MeraLegDim = 2;

    /// <summary>Output legs of a "mera" layer (256 outputs = 2 legs of 16, so two levels of coarse-graining).</summary>
    public const int MeraOutputLegs = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (ZDim <= 0 || WDim <= 0)
        {
            throw new ArgumentException($"MappingOptions: ZDim and WDim must be positive, got {ZDim} and {WDim}");
        }
        if (Layers < 1)
        {
            throw new ArgumentException($"MappingOptions: Layers must be at least 1, got {Layers}");
        }
        if (!(LrMultiplier > 0))
        {
            throw new ArgumentException($"MappingOptions: LrMultiplier must be positive, got {LrMultiplier}");
        }
        if (!(WAvgBeta >= 0 && WAvgBeta <= 1))
        {
            throw new ArgumentException($"MappingOptions: WAvgBeta must lie in [0, 1], got {WAvgBeta}");
        }
        if (!Kinds.Contains(Kind))
        {
            throw new ArgumentException($"MappingOptions: unknown mapping layer '{Kind}' (expected one of {string.Join(", ", Kinds)})");
        }
        if (Bond < 1)
        {
            throw new ArgumentException($"MappingOptions: the bond dimension (TT rank / MERA χ) must be at least 1, got {Bond}");
        }
    }
}
