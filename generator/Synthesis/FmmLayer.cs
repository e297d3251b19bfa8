using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Nn;
using Rng = QirenGan.Torch.RandomGenerator;

namespace QirenGan.Generator.Synthesis;

/// <summary>
/// INR-GAN's factorised multiplicative modulation (Skorokhodov et al. 2021), a per-pixel layer:
/// styles s (length (c_in + c_out)·r) → L = s[:c_out·r] as c_out×r, R = the rest as r×c_in;
/// W′ = W ⊙ (1 + L·R/√r); each output row demodulated (W″_o = W′_o/‖W′_o‖); h = W″·x + b, leaky ReLU·√2,
/// clamped to ±256. W uses the equalised learning rate (gain 1/√c_in).
/// </summary>
public sealed class FmmLayer : Module
{
    private const double Clamp = 256;
    private static readonly double ActivationGain = Math.Sqrt(2);
    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly double _gain;

    public FmmLayer(string slotName, int inFeatures, int outFeatures, int rank, Rng rng)
    {
        In = inFeatures;
        Out = outFeatures;
        Rank = rank;
        Slot = new ParameterSlot(slotName, [(long)(inFeatures + outFeatures) * rank], SlotKind.Modulation);
        _gain = 1 / Math.Sqrt(inFeatures);
        using var scope = DisposeScope.Enter();
        _weight = RegisterParameter("weight", Tensors.Randn([outFeatures, inFeatures], rng));
        _bias = RegisterParameter("bias", Tensors.Zeros([outFeatures]));
    }

    public int In { get; }
    public int Out { get; }
    public int Rank { get; }

    /// <summary>The per-image parameters this layer asks the hypernet for.</summary>
    public ParameterSlot Slot { get; }

    /// <summary>x [B, P, c_in], styles [B, (c_in + c_out)·r] → [B, P, c_out].</summary>
    public Tensor Forward(Tensor x, Tensor styles)
    {
        var b = styles.Size(0);
        if (x.Dim != 3 || x.Size(2) != In || styles.Size(1) != Slot.Numel)
        {
            throw new ArgumentException($"FmmLayer {Slot.Name}: expected x [B, P, {In}] and styles [B, {Slot.Numel}], " +
                $"got [{string.Join(", ", x.Shape)}] and [{string.Join(", ", styles.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        var left = styles.Narrow(1, 0, (long)Out * Rank).Reshape(b, Out, Rank);          // [B, c_out, r]
        var right = styles.Narrow(1, (long)Out * Rank, (long)In * Rank).Reshape(b, Rank, In); // [B, r, c_in]
        var modulation = left.Bmm(right).Mul(1 / Math.Sqrt(Rank)).Add(1.0);             // [B, c_out, c_in]
        var w = modulation.Mul(_weight.Value.Mul(_gain));
        // Demodulate rows; the activation gain folds into the small weight and bias (lrelu(√2·h) = √2·lrelu(h)),
        // so the per-pixel tensor sees one product-plus-bias and the fused activation.
        w = w.Mul(w.Square().Sum(2, keepDim: true).Add(1e-8).Rsqrt().Mul(ActivationGain));
        var h = _bias.Value.Mul(ActivationGain).Baddbmm(x.Expand(b, x.Size(1), In), w.Transpose(1, 2)); // [B, P, c_out]
        // Training: one node keeps only the clamped result. Inference: nothing is kept, so both run in place.
        h = Autograd.IsGradEnabled ? h.LeakyReluClamp(0.2, Clamp) : h.LeakyRelu_(0.2).Hardtanh_(-Clamp, Clamp);
        return h.MoveToOuterScope();
    }
}
