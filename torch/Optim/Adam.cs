using QirenGan.Torch.Nn;

namespace QirenGan.Torch.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba) exactly as torch.optim.Adam without weight decay or amsgrad:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
/// StyleGAN2's lazy-regularisation correction is applied by whoever builds it (lr·c, β^c).
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly List<(string Name, Parameter Param)> _params;
    private readonly Dictionary<Parameter, (Tensor ExpAvg, Tensor ExpAvgSq)> _state = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Parameter, double> _lrMultipliers = new(ReferenceEqualityComparer.Instance);

    /// <param name="parameters">Named parameters to update (names key the saved state).</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment (StyleGAN2: 0).</param>
    /// <param name="beta2">Decay of the second moment (StyleGAN2: 0.99).</param>
    /// <param name="eps">Added to the denominator.</param>
    public Adam(IEnumerable<(string Name, Parameter Param)> parameters, double lr, double beta1 = 0.9,
        double beta2 = 0.999, double eps = 1e-8)
    {
        _params = parameters.ToList();
        LearningRate = lr;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
    }

    public double LearningRate { get; set; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }

    /// <summary>Number of steps taken (shared by all parameters, as bias correction needs).</summary>
    public long Steps { get; private set; }

    public IReadOnlyList<(string Name, Parameter Param)> Parameters => _params;

    /// <summary>Applies one update from the parameters' accumulated gradients; parameters without one are skipped.</summary>
    public void Step()
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        Steps++;
        var bc1 = 1 - Math.Pow(Beta1, Steps);
        var bc2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, Steps));
        foreach (var (_, p) in _params)
        {
            var g = p.Value.Grad;
            if (g is null)
            {
                continue;
            }
            var (m, v) = State(p);
            m.Lerp_(g, 1 - Beta1);
            v.Mul_(Beta2).Addcmul_(g, g, 1 - Beta2);
            var denom = v.Sqrt().Div_(bc2Sqrt).Add_(Eps);
            p.Value.Addcdiv_(m, denom, -LearningRate * LrMultiplier(p) / bc1);
        }
    }

    /// <summary>
    /// Scales the learning rate of one parameter (default 1): a per-parameter group, as torch.optim's parameter
    /// groups with their own lr. Not part of the saved state: whoever builds the optimiser sets it again.
    /// </summary>
    public void SetLrMultiplier(Parameter parameter, double multiplier)
    {
        if (!(multiplier > 0) || double.IsInfinity(multiplier))
        {
            throw new ArgumentException($"Adam: a learning-rate multiplier must be positive and finite, got {multiplier}");
        }
        if (!_params.Any(p => ReferenceEquals(p.Param, parameter)))
        {
            throw new ArgumentException("Adam: the parameter given a learning-rate multiplier is not one this optimiser updates");
        }
        _lrMultipliers[parameter] = multiplier;
    }

    /// <summary>The learning-rate multiplier of <paramref name="parameter"/> (1 unless set).</summary>
    public double LrMultiplier(Parameter parameter) => _lrMultipliers.GetValueOrDefault(parameter, 1.0);

    public void ZeroGrad()
    {
        foreach (var (_, p) in _params)
        {
            p.Value.Grad = null;
        }
    }

    private (Tensor, Tensor) State(Parameter p)
    {
        if (!_state.TryGetValue(p, out var s))
        {
            s = (Tensors.ZerosLike(p.Value).DetachFromDisposeScope(), Tensors.ZerosLike(p.Value).DetachFromDisposeScope());
            _state[p] = s;
        }
        return s;
    }

    /// <summary>Moment tensors by "name.exp_avg" / "name.exp_avg_sq" (for checkpoints).</summary>
    public Dictionary<string, Tensor> StateDict(string prefix = "")
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, p) in _params)
        {
            if (_state.TryGetValue(p, out var s))
            {
                result[prefix + name + ".exp_avg"] = s.ExpAvg;
                result[prefix + name + ".exp_avg_sq"] = s.ExpAvgSq;
            }
        }
        return result;
    }

    /// <summary>Restores moments and the step count saved by <see cref="StateDict"/>.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, long steps, string prefix = "")
    {
        using var noGrad = Autograd.NoGrad();
        Steps = steps;
        foreach (var (name, p) in _params)
        {
            if (state.TryGetValue(prefix + name + ".exp_avg", out var m) &&
                state.TryGetValue(prefix + name + ".exp_avg_sq", out var v))
            {
                var (sm, sv) = State(p);
                using var scope = DisposeScope.Enter();
                sm.Copy_(m);
                sv.Copy_(v);
            }
        }
    }

    public void Dispose()
    {
        foreach (var (m, v) in _state.Values)
        {
            m.Dispose();
            v.Dispose();
        }
        _state.Clear();
    }
}
