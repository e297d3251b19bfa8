using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Hypernet;

/// <summary>Activation applied after an equalised layer.</summary>
public enum LayerActivation
{
    /// <summary>None (y = x·Wᵀ + b).</summary>
    Linear,

    /// <summary>Leaky ReLU with slope 0.2, times √2 so the output keeps unit variance (StyleGAN2 bias_act "lrelu").</summary>
    LeakyRelu,
}

/// <summary>
/// A fully connected layer with equalised learning rate: StyleGAN2-ADA's <c>FullyConnectedLayer</c>
/// (networks.py). The stored weight is N(0, 1)/lr_multiplier and is scaled at run time by lr_multiplier/√in, so
/// every weight sees the same effective learning rate under Adam; the bias is stored as bias_init and scaled by
/// lr_multiplier at run time (so its effective initial value is bias_init·lr_multiplier, as in StyleGAN2-ADA).
/// </summary>
public sealed class EqualizedLinear : Module
{
    /// <summary>Slope of the leaky ReLU (StyleGAN2's bias_act default).</summary>
    public const double LeakySlope = 0.2;

    /// <summary>Gain that restores unit variance after the leaky ReLU.</summary>
    public static readonly double LeakyGain = Math.Sqrt(2);

    private readonly Parameter _weight;
    private readonly Parameter? _bias;

    /// <param name="inFeatures">Input width.</param>
    /// <param name="outFeatures">Output width.</param>
    /// <param name="activation">Linear or leaky ReLU·√2.</param>
    /// <param name="bias">Whether the layer has a bias.</param>
    /// <param name="biasInit">Initial value of the stored bias (e.g. 1 for ToRGB styles); the effective bias is
    /// biasInit·lrMultiplier, as in StyleGAN2-ADA.</param>
    /// <param name="lrMultiplier">Learning-rate multiplier (0.01 in the mapping network): the stored weight is
    /// N(0,1)/lr_multiplier and the run-time gain lr_multiplier/√in, so the effective initial weight is N(0,1)/√in.</param>
    /// <param name="initScale">Extra factor on the initial weight only (1 = StyleGAN2); 0.01 makes a head start near
    /// its bias without changing its effective learning rate.</param>
    /// <param name="generator">Random stream for the initial weight (null = libtorch's global one).</param>
    public EqualizedLinear(int inFeatures, int outFeatures, LayerActivation activation = LayerActivation.Linear,
        bool bias = true, double biasInit = 0, double lrMultiplier = 1, double initScale = 1, RandomGenerator? generator = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"EqualizedLinear: features must be positive, got {inFeatures}→{outFeatures}");
        }
        if (lrMultiplier <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lrMultiplier), $"EqualizedLinear: lr multiplier must be positive, got {lrMultiplier}");
        }
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Activation = activation;
        WeightGain = lrMultiplier / Math.Sqrt(inFeatures);
        BiasGain = lrMultiplier;
        using var scope = DisposeScope.Enter();
        _weight = RegisterParameter("weight", Tensors.Randn([outFeatures, inFeatures], generator).Mul(initScale / lrMultiplier));
        if (bias)
        {
            _bias = RegisterParameter("bias", Tensors.Full([outFeatures], biasInit));
        }
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public LayerActivation Activation { get; }

    /// <summary>Run-time weight gain lr_multiplier/√in.</summary>
    public double WeightGain { get; }

    /// <summary>Run-time bias gain lr_multiplier.</summary>
    public double BiasGain { get; }

    /// <summary>The stored (unscaled) weight [out, in].</summary>
    public Parameter Weight => _weight;

    /// <summary>The stored (unscaled) bias [out], or null.</summary>
    public Parameter? Bias => _bias;

    /// <summary>x [*, in] → [*, out].</summary>
    public Tensor Forward(Tensor x)
    {
        if (x.Dim < 1 || x.Size(x.Dim - 1) != InFeatures)
        {
            throw new ArgumentException($"EqualizedLinear: expected input [*, {InFeatures}], got [{string.Join(", ", x.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        // lrelu(g·x)·√2 = lrelu(x)·g·√2 for g > 0, so the activation gain folds into the (small) weight and bias.
        var post = Activation == LayerActivation.LeakyRelu ? LeakyGain : 1.0;
        var w = _weight.Value.Mul(WeightGain * post);
        var b = _bias?.Value.Mul(BiasGain * post);
        var y = Functional.Linear(x, w, b);
        if (Activation == LayerActivation.LeakyRelu)
        {
            y = y.LeakyRelu(LeakySlope);
        }
        return y.MoveToOuterScope();
    }
}
