using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Generator.Inr;

/// <summary>
/// Batch normalisation of features [rows, F] over the rows, as torch.nn.BatchNorm1d: in training mode batch
/// statistics (biased variance) normalise and the running statistics move by <see cref="Momentum"/> (unbiased
/// variance); in evaluation mode the running statistics are used. Learnable scale (1) and shift (0).
/// </summary>
public sealed class BatchNorm : Module
{
    /// <summary>PyTorch's defaults.</summary>
    public const double DefaultMomentum = 0.1;

    public const double DefaultEps = 1e-5;

    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly Parameter _runningMean;
    private readonly Parameter _runningVar;

    /// <param name="features">F, the number of normalised features.</param>
    public BatchNorm(int features)
    {
        Features = features;
        _weight = RegisterParameter("weight", Tensors.Ones([features]));
        _bias = RegisterParameter("bias", Tensors.Zeros([features]));
        _runningMean = RegisterBuffer("running_mean", Tensors.Zeros([features]));
        _runningVar = RegisterBuffer("running_var", Tensors.Ones([features]));
    }

    public int Features { get; }

    /// <summary>The learnable scale γ [F] (for inspection; the optimiser owns it).</summary>
    public Parameter Weight => _weight;

    /// <summary>The learnable shift β [F] (for inspection).</summary>
    public Parameter Bias => _bias;

    /// <summary>The running mean [F] that evaluation mode subtracts.</summary>
    public Parameter RunningMean => _runningMean;

    /// <summary>The running variance [F] whose √(· + ε) evaluation mode divides by.</summary>
    public Parameter RunningVar => _runningVar;

    /// <summary>Weight of the newest batch in the running statistics (1 = keep only the last batch's).</summary>
    public double Momentum { get; set; } = DefaultMomentum;

    /// <summary>
    /// When set, the next training-mode forward pass also stores its batch's exact statistics (biased variance,
    /// the one that normalised it) as the running ones, so evaluation mode then computes the same function.
    /// </summary>
    public bool CalibrateOnNextForward { get; set; }

    /// <summary>x [rows, F] → normalised [rows, F].</summary>
    public Tensor Forward(Tensor x)
    {
        if (x.Dim != 2 || x.Size(1) != Features)
        {
            throw new ArgumentException($"BatchNorm({Features}): expected input [rows, {Features}], got {x}");
        }
        var result = Functional.BatchNorm(x, _runningMean, _runningVar, _weight, _bias, Training, Momentum, DefaultEps);
        if (CalibrateOnNextForward && Training)
        {
            CalibrateOnNextForward = false;
            using var scope = DisposeScope.Enter();
            using var noGrad = Autograd.NoGrad();
            _runningMean.Value.Copy_(x.Mean(0));
            _runningVar.Value.Copy_(x.Var([0], unbiased: false));
        }
        return result;
    }
}
