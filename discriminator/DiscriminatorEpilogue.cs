using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Discriminator;

/// <summary>
/// StyleGAN2-ADA's <c>DiscriminatorEpilogue</c> at 4×4 without labels: minibatch std → 3×3 conv (lrelu, clamp)
/// → flatten → FC (lrelu) → FC → one logit.
/// </summary>
public sealed class DiscriminatorEpilogue : Module
{
    private readonly int _groupSize;
    private readonly int _mbstdChannels;
    private readonly Conv2dLayer _conv;
    private readonly FullyConnectedLayer _fc;
    private readonly FullyConnectedLayer _out;

    public DiscriminatorEpilogue(int channels, int resolution, int mbstdGroupSize, int mbstdChannels, double? clamp,
        RandomGenerator? generator = null)
    {
        Channels = channels;
        Resolution = resolution;
        _groupSize = mbstdGroupSize;
        _mbstdChannels = mbstdChannels;
        _conv = RegisterModule("conv", new Conv2dLayer(channels + mbstdChannels, channels, 3, leakyRelu: true, clamp: clamp, generator: generator));
        _fc = RegisterModule("fc", new FullyConnectedLayer(channels * resolution * resolution, channels, leakyRelu: true, generator));
        _out = RegisterModule("out", new FullyConnectedLayer(channels, 1, leakyRelu: false, generator));
    }

    public int Channels { get; }

    public int Resolution { get; }

    /// <summary>x [B, C, 4, 4] → logits [B, 1].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = DisposeScope.Enter();
        if (_mbstdChannels > 0)
        {
            x = MinibatchStd.Apply(x, _groupSize, _mbstdChannels);
        }
        x = _conv.Forward(x);
        x = _fc.Forward(x.Flatten(1)); // [B, C·4·4] in NCHW order whatever the memory layout
        return _out.Forward(x).MoveToOuterScope();
    }
}
