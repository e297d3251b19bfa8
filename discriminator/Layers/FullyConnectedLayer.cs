using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Discriminator;

/// <summary>
/// Equalised-lr fully connected layer of the discriminator's epilogue: StyleGAN2-ADA's <c>FullyConnectedLayer</c>
/// with lr multiplier 1 (weight N(0,1), run-time gain 1/√in, bias 0, optional leaky ReLU 0.2 · √2).
/// </summary>
public sealed class FullyConnectedLayer : Module
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;

    public FullyConnectedLayer(int inFeatures, int outFeatures, bool leakyRelu, RandomGenerator? generator = null)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        LeakyRelu = leakyRelu;
        WeightGain = 1 / Math.Sqrt(inFeatures);
        using var scope = DisposeScope.Enter();
        _weight = RegisterParameter("weight", Tensors.Randn([outFeatures, inFeatures], generator));
        _bias = RegisterParameter("bias", Tensors.Zeros([outFeatures]));
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public bool LeakyRelu { get; }

    public double WeightGain { get; }

    public Parameter Weight => _weight;

    /// <summary>x [B, in] → [B, out].</summary>
    public Tensor Forward(Tensor x)
    {
        if (x.Dim != 2 || x.Size(1) != InFeatures)
        {
            throw new ArgumentException($"FullyConnectedLayer: expected [B, {InFeatures}], got [{string.Join(", ", x.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        // lrelu(g·y)·√2 = lrelu(g·√2·y) for g > 0: the activation gain folds into the weight and bias.
        var post = LeakyRelu ? Conv2dLayer.LeakyGain : 1.0;
        var y = Functional.Linear(x, _weight.Value.Mul(WeightGain * post), post == 1.0 ? _bias.Value : _bias.Value.Mul(post));
        return (LeakyRelu ? y.LeakyRelu(Conv2dLayer.LeakySlope) : y).MoveToOuterScope();
    }
}
