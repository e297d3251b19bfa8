namespace QirenGan.Discriminator;

/// <summary>
/// Options of the StyleGAN2 residual <see cref="Discriminator"/> (StyleGAN2-ADA's Discriminator arguments).
/// Channels at resolution r are min(ChannelBase / r, ChannelMax), for the blocks at R, R/2, …, 8 and the 4×4 epilogue.
/// </summary>
/// <param name="Resolution">Image side in pixels; a power of two ≥ 16.</param>
/// <param name="ChannelBase">Channel numerator: channels(r) = ChannelBase / r before capping (StyleGAN2-ADA's
/// default 32768 × cbase 0.5 = 16384; 4096 with ChannelMax 128 gives the official QIREN 32×32 model).</param>
/// <param name="ChannelMax">Cap on the channels of any layer.</param>
/// <param name="MbstdGroupSize">Minibatch-stddev group size (4); a batch smaller than this uses the whole batch as one
/// group, a larger batch must be a multiple of it.</param>
/// <param name="MbstdChannels">Channels of minibatch-stddev features appended before the epilogue conv (0 = none).</param>
/// <param name="ConvClamp">Clamp of every convolution's output to ±ConvClamp (256 as StyleGAN2-ADA; null = no clamping).</param>
/// <param name="ChannelsLast">Run convolutions in channels-last (NHWC) memory layout. Off by default: with libtorch
/// 1.13's oneDNN on AVX2 (2 cores, batch 32, 128 channels) NCHW forward+backward is faster for the 3×3 convolutions
/// that carry D's FLOPs (228 against 337 ms at 32×32). On an AVX-512 EPYC channels-last ran D alone ~10 % faster
/// (152 against 168–179 ms), but whole training iterations were no faster (no R1: 416–417 against 415–434 ms) and R1
/// steps 3–4 % slower, so the default stays NCHW everywhere.</param>
public sealed record DiscriminatorOptions(int Resolution, int ChannelBase = 16384, int ChannelMax = 512,
    int MbstdGroupSize = 4, int MbstdChannels = 1, double? ConvClamp = 256, bool ChannelsLast = false)
{
    /// <summary>The official QIREN GAN discriminator: 32×32, 128 channels everywhere (1,346,305 parameters).</summary>
    public static DiscriminatorOptions OfficialQiren32 => new(32, ChannelBase: 4096, ChannelMax: 128);

    /// <summary>Resolution of the epilogue's input (the last block down-samples to it).</summary>
    public const int EpilogueResolution = 4;

    /// <summary>Smallest supported resolution: one residual block above the 4×4 epilogue would be 8.</summary>
    public const int MinResolution = 16;

    /// <summary>Channels at resolution <paramref name="resolution"/>: min(ChannelBase / r, ChannelMax).</summary>
    public int Channels(int resolution) => Math.Min(ChannelBase / resolution, ChannelMax);

    /// <summary>
    /// Rows that a forward pass must hold whole groups of: the minibatch-std group, or 1 without that layer. The layer
    /// pairs row i with rows i + B/G, i + 2B/G, … of its pass, so a pass that splits a group would see other statistics.
    /// </summary>
    public int PassGroup => MbstdChannels > 0 ? MbstdGroupSize : 1;

    /// <summary>
    /// The minibatch-std rule, the one place it is stated: a pass of <paramref name="rows"/> images taken out of
    /// <paramref name="whole"/> keeps the groups when it holds whole groups, or is the whole batch and smaller than a
    /// group (which the layer then treats as one group).
    /// </summary>
    public bool KeepsGroups(int rows, int whole) => rows % PassGroup == 0 || (rows == whole && rows < PassGroup);

    /// <summary>Block resolutions from the top down: R, R/2, …, 8.</summary>
    public IReadOnlyList<int> BlockResolutions()
    {
        var list = new List<int>();
        for (var r = Resolution; r > EpilogueResolution; r /= 2)
        {
            list.Add(r);
        }
        return list;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Resolution < MinResolution || (Resolution & (Resolution - 1)) != 0)
        {
            throw new ArgumentException(
                $"DiscriminatorOptions: resolution {Resolution} is not a power of two ≥ {MinResolution} (e.g. 16, 32, 64, 128, 256)");
        }
        if (ChannelBase <= 0 || ChannelMax <= 0)
        {
            throw new ArgumentException($"DiscriminatorOptions: ChannelBase and ChannelMax must be positive, got {ChannelBase} and {ChannelMax}");
        }
        if (Channels(Resolution) < 1)
        {
            throw new ArgumentException(
                $"DiscriminatorOptions: ChannelBase {ChannelBase} gives no channels at resolution {Resolution} (needs ≥ {Resolution})");
        }
        if (MbstdGroupSize < 1 || MbstdChannels < 0)
        {
            throw new ArgumentException($"DiscriminatorOptions: MbstdGroupSize must be ≥ 1 and MbstdChannels ≥ 0, got {MbstdGroupSize} and {MbstdChannels}");
        }
        var epilogue = Channels(EpilogueResolution);
        if (MbstdChannels > 0 && epilogue % MbstdChannels != 0)
        {
            throw new ArgumentException(
                $"DiscriminatorOptions: MbstdChannels {MbstdChannels} must divide the epilogue's {epilogue} channels");
        }
        if (ConvClamp is { } c && !(c > 0))
        {
            throw new ArgumentException($"DiscriminatorOptions: ConvClamp must be positive or null, got {c}");
        }
    }
}
