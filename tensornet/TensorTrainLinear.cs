using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.TensorNet;

/// <summary>
/// y = x·Wᵀ + b with W a TT-matrix (<see cref="TensorTrainShape"/>; Novikov et al. 2015), contracted core by core
/// with matrix products: the input is never multiplied by a materialised W.
/// <para>
/// Equalised learning rate, as StyleGAN2's FullyConnectedLayer: every stored core is N(0, 1)/lr_multiplier and is
/// scaled at run time by lr_multiplier/√(n_k·r_{k−1}) (core 0 also by √(∏n_k / in), undoing the padding). A W entry
/// is a sum of ∏r_k products of d such Gaussians, so Var W = 1/in and unit-variance inputs give unit-variance outputs.
/// </para>
/// </summary>
public sealed class TensorTrainLinear : Module, ITensorNetworkLinear
{
    private readonly Parameter[] _cores;
    private readonly Parameter? _bias;
    private readonly double[] _gains;

    /// <param name="shape">Modes and ranks (see <see cref="TensorTrainShape.Create"/>).</param>
    /// <param name="bias">Whether the layer has a bias.</param>
    /// <param name="biasInit">Initial stored bias; the effective bias is biasInit·lrMultiplier (as EqualizedLinear).</param>
    /// <param name="lrMultiplier">Learning-rate multiplier of every core and the bias (0.01 in the mapping network).</param>
    /// <param name="generator">Random stream for the initial cores (null = libtorch's global one).</param>
    /// <param name="dtype">Parameter type (float64 for the exactness tests).</param>
    public TensorTrainLinear(TensorTrainShape shape, bool bias = true, double biasInit = 0, double lrMultiplier = 1,
        RandomGenerator? generator = null, ScalarType dtype = ScalarType.Float32)
    {
        shape.Validate();
        if (!(lrMultiplier > 0))
        {
            throw new ArgumentException($"TensorTrainLinear: lr multiplier must be positive, got {lrMultiplier}");
        }
        Shape = shape;
        BiasGain = lrMultiplier;
        _gains = new double[shape.Cores];
        _cores = new Parameter[shape.Cores];
        using var scope = DisposeScope.Enter();
        for (var k = 0; k < shape.Cores; ++k)
        {
            _gains[k] = lrMultiplier / Math.Sqrt((double)shape.InModes[k] * shape.Rank(k));
            _cores[k] = RegisterParameter($"core{k}", Tensors.Randn(shape.CoreShape(k), generator, dtype).Mul(1 / lrMultiplier));
        }
        _gains[0] *= Math.Sqrt((double)shape.PaddedIn / shape.InFeatures);
        if (bias)
        {
            _bias = RegisterParameter("bias", Tensors.Full([shape.OutFeatures], biasInit, dtype));
        }
    }

    public TensorTrainShape Shape { get; }

    public int InFeatures => Shape.InFeatures;

    public int OutFeatures => Shape.OutFeatures;

    /// <summary>Run-time bias gain (lr multiplier).</summary>
    public double BiasGain { get; }

    /// <summary>Run-time gain of core k: the effective core is stored·gain.</summary>
    public double CoreGain(int k) => _gains[k];

    /// <summary>The stored core k [r_{k−1}, m_k, n_k, r_k].</summary>
    public Parameter Core(int k) => _cores[k];

    public Parameter? Bias => _bias;

    long ITensorNetworkLinear.ParameterCount => ParameterCount;

    /// <summary>x [B, in] → [B, out].</summary>
    public Tensor Forward(Tensor x)
    {
        if (x.Dim != 2 || x.Size(1) != InFeatures)
        {
            throw new ArgumentException($"TensorTrainLinear: expected input [B, {InFeatures}], got [{string.Join(", ", x.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        var batch = x.Size(0);
        var t = Padding.PadInputs(x, Shape.PaddedIn).Reshape(batch, 1, Shape.PaddedIn); // [B·(m_1…m_{k−1}), r_{k−1}, n_k…n_d]
        var rest = Shape.PaddedIn;
        for (var k = 0; k < Shape.Cores; ++k)
        {
            long r0 = Shape.Rank(k), m = Shape.OutModes[k], n = Shape.InModes[k], r1 = Shape.Rank(k + 1);
            rest /= n;
            var rows = t.Size(0);
            var lhs = t.Reshape(rows, r0, n, rest).Permute(0, 3, 1, 2).Reshape(rows * rest, r0 * n); // [X·rest, r_{k−1}·n_k]
            var core = _cores[k].Value.Mul(_gains[k]).Permute(0, 2, 1, 3).Reshape(r0 * n, m * r1); // [r_{k−1}·n_k, m_k·r_k]
            t = lhs.Mm(core).Reshape(rows, rest, m, r1).Permute(0, 2, 3, 1).Reshape(rows * m, r1, rest); // [X·m_k, r_k, rest]
        }
        var y = Padding.TruncateOutputs(t.Reshape(batch, Shape.PaddedOut), OutFeatures); // [B, out]
        if (_bias != null)
        {
            y = y.Add(_bias.Value.Mul(BiasGain));
        }
        return y.MoveToOuterScope();
    }

    /// <summary>W [out, in], by contracting the cores left to right over their rank indices (no input involved).</summary>
    public Tensor ToDense()
    {
        using var scope = DisposeScope.Enter();
        var a = _cores[0].Value.Mul(_gains[0]).Reshape(Shape.OutModes[0], Shape.InModes[0], Shape.Rank(1)); // [M, N, r]
        for (var k = 1; k < Shape.Cores; ++k)
        {
            long mp = a.Size(0), np = a.Size(1), r0 = Shape.Rank(k), m = Shape.OutModes[k], n = Shape.InModes[k], r1 = Shape.Rank(k + 1);
            var core = _cores[k].Value.Mul(_gains[k]).Reshape(r0, m * n * r1);
            a = a.Reshape(mp * np, r0).Mm(core).Reshape(mp, np, m, n, r1).Permute(0, 2, 1, 3, 4).Reshape(mp * m, np * n, r1);
        }
        var w = a.Reshape(Shape.PaddedOut, Shape.PaddedIn).Narrow(0, 0, OutFeatures).Narrow(1, 0, InFeatures);
        return w.Contiguous().MoveToOuterScope();
    }
}
