using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Generator.Inr;

/// <summary>
/// y = x·Wᵀ + b with W [out, in], initialised as torch.nn.Linear (weights and bias uniform in ±1/√in) unless
/// explicit bounds are given (SIREN's initialisation).
/// </summary>
public sealed class Linear : Module
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;

    /// <param name="inFeatures">Input width.</param>
    /// <param name="outFeatures">Output width.</param>
    /// <param name="generator">Source of the initial values.</param>
    /// <param name="weightBound">Weights uniform in ±this; null = 1/√in (PyTorch's default).</param>
    /// <param name="bias">Whether there is a bias (uniform in ±1/√in, as PyTorch).</param>
    public Linear(int inFeatures, int outFeatures, Torch.RandomGenerator generator, double? weightBound = null, bool bias = true)
    {
        if (inFeatures < 1 || outFeatures < 1)
        {
            throw new ArgumentException($"Linear: widths must be positive, got {inFeatures} → {outFeatures}");
        }
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var defaultBound = 1 / Math.Sqrt(inFeatures);
        _weight = RegisterParameter("weight", Initialization.Uniform([outFeatures, inFeatures], weightBound ?? defaultBound, generator));
        if (bias)
        {
            _bias = RegisterParameter("bias", Initialization.Uniform([outFeatures], defaultBound, generator));
        }
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public Parameter Weight => _weight;

    /// <summary>x [..., in] → [..., out].</summary>
    public Tensor Forward(Tensor x)
    {
        if (x.Size(-1) != InFeatures)
        {
            throw new ArgumentException($"Linear({InFeatures} → {OutFeatures}): expected input [..., {InFeatures}], got {x}");
        }
        return Functional.Linear(x, _weight, _bias?.Value);
    }

    /// <summary>Parameters of a layer of this shape (for budget matching without building one).</summary>
    public static long CountParameters(int inFeatures, int outFeatures, bool bias = true) =>
        (long)inFeatures * outFeatures + (bias ? outFeatures : 0);
}
