using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Discriminator;

/// <summary>
/// One residual block of StyleGAN2-ADA's <c>DiscriminatorBlock</c> (architecture "resnet"): at the top resolution
/// fromRGB (1×1, lrelu) first; then x ← (skip(x) + conv1(conv0(x)))·√½ where conv0 is 3×3, conv1 is 3×3 with FIR
/// 2× down-sampling, and skip is a bias-free 1×1 with the same down-sampling.
/// </summary>
public sealed class DiscriminatorBlock : Module
{
    private static readonly double ResidualGain = Math.Sqrt(0.5);

    private readonly Conv2dLayer? _fromRgb;
    private readonly Conv2dLayer _conv0;
    private readonly Conv2dLayer _conv1;
    private readonly Conv2dLayer _skip;

    /// <param name="inChannels">Channels coming from the block above; 0 = this is the top block (reads RGB).</param>
    /// <param name="tmpChannels">Channels inside the block.</param>
    /// <param name="outChannels">Channels passed to the next block.</param>
    /// <param name="resolution">Input side of this block.</param>
    /// <param name="clamp">Convolution clamp, or null.</param>
    /// <param name="generator">Random stream for initial weights.</param>
    public DiscriminatorBlock(int inChannels, int tmpChannels, int outChannels, int resolution, double? clamp,
        RandomGenerator? generator = null)
    {
        InChannels = inChannels;
        Resolution = resolution;
        if (inChannels == 0)
        {
            _fromRgb = RegisterModule("fromrgb", new Conv2dLayer(Discriminator.ImageChannels, tmpChannels, 1, leakyRelu: true,
                clamp: clamp, generator: generator));
        }
        else if (inChannels != tmpChannels)
        {
            throw new ArgumentException($"DiscriminatorBlock: in ({inChannels}) and tmp ({tmpChannels}) channels must agree");
        }
        _conv0 = RegisterModule("conv0", new Conv2dLayer(tmpChannels, tmpChannels, 3, leakyRelu: true, clamp: clamp, generator: generator));
        _conv1 = RegisterModule("conv1", new Conv2dLayer(tmpChannels, outChannels, 3, leakyRelu: true, down: 2, clamp: clamp, generator: generator));
        _skip = RegisterModule("skip", new Conv2dLayer(tmpChannels, outChannels, 1, leakyRelu: false, bias: false, down: 2, generator: generator));
    }

    public int InChannels { get; }

    public int Resolution { get; }

    /// <summary>x [B, in, R, R] (or images [B, 3, R, R] for the top block) → [B, out, R/2, R/2].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = DisposeScope.Enter();
        if (_fromRgb != null)
        {
            x = _fromRgb.Forward(x);
        }
        var y = _skip.Forward(x, ResidualGain);
        var h = _conv1.Forward(_conv0.Forward(x), ResidualGain);
        return y.Add(h).MoveToOuterScope();
    }
}
