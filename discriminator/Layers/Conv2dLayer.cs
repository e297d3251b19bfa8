using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Discriminator;

/// <summary>
/// Equalised-lr convolution: StyleGAN2-ADA's <c>Conv2dLayer</c> (weight N(0,1) scaled by 1/√(in·k²) at run time,
/// bias 0, leaky ReLU 0.2 · √2 or linear, output clamp), with optional 2× down-sampling through the [1,3,3,1] FIR
/// filter exactly as <c>conv2d_resample</c>: a 1×1 kernel filters with padding 1 and stride 2, then convolves;
/// a k×k kernel filters with padding k/2 + 1 and stride 1, then convolves with stride 2 and no padding.
/// </summary>
public sealed class Conv2dLayer : Module
{
    public const double LeakySlope = 0.2;

    public static readonly double LeakyGain = Math.Sqrt(2);

    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly Parameter? _filter;

    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">Odd kernel side (1 or 3).</param>
    /// <param name="leakyRelu">Leaky ReLU · √2 (true) or linear.</param>
    /// <param name="bias">Whether the layer has a bias (the residual skip has none).</param>
    /// <param name="down">1, or 2 for FIR down-sampling.</param>
    /// <param name="clamp">Output clamp ±clamp (scaled by the call's gain), or null.</param>
    /// <param name="generator">Random stream for the initial weight.</param>
    public Conv2dLayer(int inChannels, int outChannels, int kernel, bool leakyRelu, bool bias = true, int down = 1,
        double? clamp = null, RandomGenerator? generator = null)
    {
        if (kernel < 1 || kernel % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), $"Conv2dLayer: kernel must be odd, got {kernel}");
        }
        if (down != 1 && down != 2)
        {
            throw new ArgumentOutOfRangeException(nameof(down), $"Conv2dLayer: down must be 1 or 2, got {down}");
        }
        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        LeakyRelu = leakyRelu;
        Down = down;
        Clamp = clamp;
        WeightGain = 1 / Math.Sqrt(inChannels * kernel * kernel);
        using var scope = DisposeScope.Enter();
        _weight = RegisterParameter("weight", Tensors.Randn([outChannels, inChannels, kernel, kernel], generator));
        if (bias)
        {
            _bias = RegisterParameter("bias", Tensors.Zeros([outChannels]));
        }
        if (down > 1)
        {
            _filter = RegisterBuffer("resample_filter", FirFilter.Make2d());
        }
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Kernel { get; }

    public bool LeakyRelu { get; }

    public int Down { get; }

    public double? Clamp { get; }

    /// <summary>Run-time weight gain 1/√(in·k²).</summary>
    public double WeightGain { get; }

    public Parameter Weight => _weight;

    /// <summary>x [B, in, H, W] → [B, out, H/down, W/down], times <paramref name="gain"/> (which also scales the clamp).</summary>
    public Tensor Forward(Tensor x, double gain = 1)
    {
        if (x.Dim != 4 || x.Size(1) != InChannels)
        {
            throw new ArgumentException($"Conv2dLayer: expected [B, {InChannels}, H, W], got [{string.Join(", ", x.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        // bias_act(x, b, gain = act_gain·gain): lrelu(y + b)·g = lrelu(g·y + g·b) for g > 0, so the gain folds
        // into the weight and bias and the big activation tensor sees two element-wise ops (lrelu, clamp).
        var g = gain * (LeakyRelu ? LeakyGain : 1.0);
        var w = _weight.Value.Mul(WeightGain * g);
        var b = _bias is null ? null : (g == 1.0 ? _bias.Value : _bias.Value.Mul(g));
        Tensor y;
        if (Down == 1)
        {
            y = Functional.Conv2d(x, w, b, padding: Kernel / 2);
        }
        else if (Kernel == 1)
        {
            y = Functional.Conv2d(FirFilter.Apply(x, _filter!.Value, padding: 1, stride: 2), w, b);
        }
        else
        {
            var blurred = FirFilter.Apply(x, _filter!.Value, padding: Kernel / 2 + 1, stride: 1);
            y = Functional.Conv2d(blurred, w, b, stride: 2);
        }
        // A convolution's backward needs its input, not its output. Without a clamp the leaky ReLU overwrites the
        // output in place; with one, the fused node keeps only the clamped result (the two ops would keep two tensors).
        // Hardtanh is the clamp with a one-kernel backward.
        y = (LeakyRelu, Clamp) switch
        {
            (true, { } c) => y.LeakyReluClamp(LeakySlope, c * gain),
            (true, null) => y.LeakyRelu_(LeakySlope),
            (false, { } c) => y.Hardtanh(-c * gain, c * gain),
            _ => y,
        };
        return y.MoveToOuterScope();
    }
}
