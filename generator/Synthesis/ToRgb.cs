using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Nn;
using Rng = QirenGan.Torch.RandomGenerator;

namespace QirenGan.Generator.Synthesis;

/// <summary>StyleGAN2's ToRGB as a per-pixel layer: modulated 1×1 (styles scale input channels), no demodulation.</summary>
public sealed class ToRgb : Module
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly double _gain;

    public ToRgb(string slotName, int inFeatures, Rng rng)
    {
        In = inFeatures;
        Slot = new ParameterSlot(slotName, [inFeatures], SlotKind.RgbStyle);
        _gain = 1 / Math.Sqrt(inFeatures);
        using var scope = DisposeScope.Enter();
        _weight = RegisterParameter("weight", Tensors.Randn([3, inFeatures], rng));
        _bias = RegisterParameter("bias", Tensors.Zeros([3]));
    }

    public int In { get; }

    public ParameterSlot Slot { get; }

    /// <summary>x [B, P, c_in], styles [B, c_in] → RGB [B, P, 3].</summary>
    public Tensor Forward(Tensor x, Tensor styles)
    {
        using var scope = DisposeScope.Enter();
        var w = _weight.Value.Mul(_gain).Unsqueeze(0).Mul(styles.Unsqueeze(1));          // [B, 3, c_in]
        return _bias.Value.Baddbmm(x, w.Transpose(1, 2)).MoveToOuterScope();
    }
}
