using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Hypernet;

/// <summary>
/// z → w: StyleGAN2-ADA's <c>MappingNetwork</c> (networks.py) without labels. z is normalised to unit second
/// moment, then passes <see cref="MappingOptions.Layers"/> equalised fully connected layers with leaky ReLU·√2 and
/// lr multiplier 0.01. A buffer <c>w_avg</c> tracks the mean w for truncation, updated as in StyleGAN2-ADA
/// (w_avg ← lerp(mean w, w_avg, β)) when the caller asks for it. <see cref="MappingOptions.Kind"/> swaps the dense
/// layers for tensor-train or MERA ones (<see cref="MappingLayer"/>).
/// </summary>
public sealed class MappingNetwork : Module
{
    /// <summary>Epsilon inside the second-moment normalisation (StyleGAN2's normalize_2nd_moment).</summary>
    public const double NormalizeEps = 1e-8;

    private readonly Module[] _layers;
    private readonly Parameter _wAvg;

    /// <param name="options">Widths, depth, lr multiplier, w_avg decay.</param>
    /// <param name="generator">Random stream for the initial weights (null = libtorch's global one).</param>
    public MappingNetwork(MappingOptions? options = null, RandomGenerator? generator = null)
    {
        Options = options ?? new MappingOptions();
        Options.Validate();
        _layers = new Module[Options.Layers];
        for (var i = 0; i < Options.Layers; ++i)
        {
            var input = i == 0 ? Options.ZDim : Options.WDim;
            _layers[i] = RegisterModule($"fc{i}", MappingLayer.Create(Options, input, Options.WDim, generator));
        }
        using var scope = DisposeScope.Enter();
        _wAvg = RegisterBuffer("w_avg", Tensors.Zeros([Options.WDim]));
    }

    public MappingOptions Options { get; }

    /// <summary>The tracked average w [WDim] (a buffer: saved with the module, not trained).</summary>
    public Tensor WAvg => _wAvg.Value;

    /// <summary>z [B, ZDim] → w [B, WDim].</summary>
    /// <param name="z">Latents [B, ZDim].</param>
    /// <param name="truncationPsi">Truncation ψ: w = w_avg + ψ·(w − w_avg); 1 = none, 0 = always w_avg.</param>
    /// <param name="updateWAvg">Move w_avg toward this batch's mean w (training steps of the generator only).</param>
    public Tensor Forward(Tensor z, double truncationPsi = 1, bool updateWAvg = false)
    {
        if (z.Dim != 2 || z.Size(1) != Options.ZDim)
        {
            throw new ArgumentException($"MappingNetwork: expected z [B, {Options.ZDim}], got [{string.Join(", ", z.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        var x = NormalizeSecondMoment(z);
        foreach (var layer in _layers)
        {
            x = MappingLayer.Forward(layer, x);
        }
        if (updateWAvg)
        {
            using var _ = Autograd.NoGrad();
            // StyleGAN2-ADA: w_avg.copy_(x.detach().mean(0).lerp(w_avg, β)) = β·w_avg + (1 − β)·mean.
            var updated = x.Detach().Mean(0).Lerp(_wAvg.Value, Options.WAvgBeta);
            _wAvg.Value.Copy_(updated);
        }
        if (truncationPsi != 1)
        {
            x = _wAvg.Value.Lerp(x, truncationPsi);
        }
        return x.MoveToOuterScope();
    }

    /// <summary>x·rsqrt(mean(x²) + ε) over dim 1: every z gets unit second moment.</summary>
    public static Tensor NormalizeSecondMoment(Tensor x)
    {
        using var scope = DisposeScope.Enter();
        return x.Mul(x.Square().Mean(1, keepDim: true).Add(NormalizeEps).Rsqrt()).MoveToOuterScope();
    }

    /// <summary>w [B, WDim] → ws [B, numWs, WDim]: the same w for every slot (a view, no copy).</summary>
    public static Tensor Broadcast(Tensor w, int numWs)
    {
        if (w.Dim != 2)
        {
            throw new ArgumentException($"MappingNetwork.Broadcast: expected w [B, WDim], got [{string.Join(", ", w.Shape)}]");
        }
        if (numWs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numWs), $"MappingNetwork.Broadcast: numWs must be at least 1, got {numWs}");
        }
        using var scope = DisposeScope.Enter();
        return w.Unsqueeze(1).Expand(w.Size(0), numWs, w.Size(1)).MoveToOuterScope(); // [B, numWs, WDim]
    }

    /// <summary>
    /// Style mixing regularisation, as StyleGAN2-ADA's loss.py: with probability <paramref name="probability"/>
    /// draw a cutoff uniformly in [1, numWs) and replace ws[:, cutoff:] by the mapping of <paramref name="z2"/>
    /// (without updating w_avg). Exactly two draws come from <paramref name="rng"/> per call whatever the outcome
    /// (a uniform, then the cutoff), so the stream stays aligned for resume. With numWs = 1 nothing is drawn and
    /// ws is returned unchanged (as a new handle).
    /// </summary>
    /// <param name="ws">Broadcast latents [B, numWs, WDim].</param>
    /// <param name="z2">Second latents [B, ZDim].</param>
    /// <param name="probability">Mixing probability per batch (0.9 in StyleGAN2; 0 = never).</param>
    /// <param name="rng">A CPU random stream that decides whether and where to cut.</param>
    public Tensor MixStyles(Tensor ws, Tensor z2, double probability, RandomGenerator rng)
    {
        if (ws.Dim != 3 || ws.Size(2) != Options.WDim)
        {
            throw new ArgumentException($"MappingNetwork.MixStyles: expected ws [B, numWs, {Options.WDim}], got [{string.Join(", ", ws.Shape)}]");
        }
        if (z2.Dim != 2 || z2.Size(0) != ws.Size(0) || z2.Size(1) != Options.ZDim)
        {
            throw new ArgumentException($"MappingNetwork.MixStyles: expected z2 [{ws.Size(0)}, {Options.ZDim}], got [{string.Join(", ", z2.Shape)}]");
        }
        var numWs = ws.Size(1);
        using var scope = DisposeScope.Enter();
        if (numWs < 2)
        {
            return ws.Alias().MoveToOuterScope();
        }
        var cutoff = DrawCutoff(numWs, probability, rng);
        if (cutoff == numWs)
        {
            return ws.Alias().MoveToOuterScope();
        }
        var w2 = Forward(z2);
        var tail = Broadcast(w2, (int)(numWs - cutoff)); // [B, numWs − cutoff, WDim]
        return Tensors.Cat([ws.Narrow(1, 0, cutoff), tail], 1).MoveToOuterScope();
    }

    /// <summary>The style-mixing decision: a cutoff in [1, numWs) with probability <paramref name="probability"/>,
    /// else numWs (no mixing). Always consumes one uniform then one integer draw from <paramref name="rng"/>.</summary>
    public static long DrawCutoff(long numWs, double probability, RandomGenerator rng)
    {
        using var scope = DisposeScope.Enter();
        var u = Tensors.Rand([1], rng, ScalarType.Float64).ToDouble();
        var cutoff = Tensors.RandInt(1, numWs, [1], rng).ToInt64();
        return u < probability ? cutoff : numWs;
    }
}
