using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Discriminator;

/// <summary>
/// The StyleGAN2 residual discriminator (Karras et al. 2020; StyleGAN2-ADA's <c>Discriminator</c> with
/// architecture "resnet", no labels): blocks at R, R/2, …, 8, each halving the resolution, then the 4×4 epilogue.
/// Parameter names follow StyleGAN2-ADA ("b32.conv0.weight", "b4.fc.bias"). With
/// <see cref="DiscriminatorOptions.OfficialQiren32"/> it has exactly the official QIREN GAN's 1,346,305 parameters.
/// </summary>
public sealed class Discriminator : Module
{
    /// <summary>RGB.</summary>
    public const int ImageChannels = 3;

    private readonly DiscriminatorBlock[] _blocks;
    private readonly DiscriminatorEpilogue _epilogue;

    /// <param name="options">Resolution and channel schedule.</param>
    /// <param name="generator">Random stream for initial weights (null = libtorch's global one).</param>
    public Discriminator(DiscriminatorOptions options, RandomGenerator? generator = null)
    {
        options.Validate();
        Options = options;
        var resolutions = options.BlockResolutions();
        _blocks = new DiscriminatorBlock[resolutions.Count];
        for (var i = 0; i < resolutions.Count; ++i)
        {
            var r = resolutions[i];
            var inChannels = r < options.Resolution ? options.Channels(r) : 0;
            _blocks[i] = RegisterModule($"b{r}", new DiscriminatorBlock(inChannels, options.Channels(r), options.Channels(r / 2), r,
                options.ConvClamp, generator));
        }
        const int e = DiscriminatorOptions.EpilogueResolution;
        _epilogue = RegisterModule($"b{e}", new DiscriminatorEpilogue(options.Channels(e), e, options.MbstdGroupSize,
            options.MbstdChannels, options.ConvClamp, generator));
    }

    public DiscriminatorOptions Options { get; }

    /// <summary>images [B, 3, R, R] in [−1, 1] → logits [B, 1] (B ≤ group size, or a multiple of it).</summary>
    public Tensor Forward(Tensor images)
    {
        var r = Options.Resolution;
        if (images.Dim != 4 || images.Size(1) != ImageChannels || images.Size(2) != r || images.Size(3) != r)
        {
            throw new ArgumentException(
                $"Discriminator: expected images [B, {ImageChannels}, {r}, {r}], got [{string.Join(", ", images.Shape)}]");
        }
        var batch = images.Size(0);
        var group = Options.MbstdGroupSize;
        if (Options.MbstdChannels > 0 && batch > group && batch % group != 0)
        {
            throw new ArgumentException(
                $"Discriminator: batch {batch} must be at most, or a multiple of, the minibatch-std group size {group}");
        }
        using var scope = DisposeScope.Enter();
        var x = Options.ChannelsLast ? images.ChannelsLast() : images;
        foreach (var block in _blocks)
        {
            x = block.Forward(x);
        }
        return _epilogue.Forward(x).MoveToOuterScope();
    }
}
