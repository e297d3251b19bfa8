namespace QirenGan.Hypernet;

/// <summary>Options of the <see cref="MappingNetwork"/> (StyleGAN2-ADA's MappingNetwork arguments).</summary>
/// <param name="ZDim">Width of the input latent z.</param>
/// <param name="WDim">Width of the intermediate latent w (and of every hidden layer).</param>
/// <param name="Layers">Number of fully connected layers (8 in StyleGAN2 and the official QIREN GAN).</param>
/// <param name="LrMultiplier">Learning-rate multiplier of every layer (0.01: the mapping learns 100× slower).</param>
/// <param name="WAvgBeta">Decay of the tracked average w used by truncation (w_avg ← β·w_avg + (1 − β)·mean w).</param>
public sealed record MappingOptions(int ZDim = 256, int WDim = 256, int Layers = 8, double LrMultiplier = 0.01,
    double WAvgBeta = 0.995)
{
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
    }
}
