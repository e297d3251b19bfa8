using QirenGan.Generator.Signals;

namespace QirenGan.Generator.Inr;

/// <summary>
/// Builds the representation networks by name — qiren, siren, relu, tanh, rff — with a parameter budget: QIREN
/// varies its number of hybrid layers, the MLPs their width (two hidden layers after the first, as the paper's
/// baselines), RFF its width with m = width/2 frequencies; the closest count to the budget wins.
/// </summary>
public static class RepresentationModels
{
    public static readonly string[] Kinds = ["qiren", "siren", "relu", "tanh", "rff"];

    private const int BaselineHiddenLayers = 2;
    private const int MaxWidth = 4096;
    private const int MaxHybridLayers = 64;

    /// <summary>The budget when none is given: the default QIREN's parameter count.</summary>
    public static long DefaultBudget(int inputs, int outputs) => QirenNetwork.CountParameters(inputs, outputs, new QirenOptions());

    /// <summary>A network of <paramref name="kind"/> with as close to <paramref name="budget"/> parameters as its family allows.</summary>
    /// <param name="kind">qiren, siren, relu, tanh or rff (case-insensitive).</param>
    /// <param name="inputs">Coordinates per point.</param>
    /// <param name="outputs">Values per point.</param>
    /// <param name="budget">Target trainable parameters; null = <see cref="DefaultBudget"/>.</param>
    /// <param name="signal">Sets SIREN's ω₀ and RFF's σ.</param>
    /// <param name="seed">Seed of the initial parameters.</param>
    /// <param name="qiren">QIREN's circuit settings (its HiddenLayers is replaced to meet the budget).</param>
    public static RepresentationModel Create(string kind, int inputs, int outputs, long? budget = null,
        SignalKind signal = SignalKind.Image, ulong seed = 0, QirenOptions? qiren = null)
    {
        var target = budget ?? DefaultBudget(inputs, outputs);
        if (target < 1)
        {
            throw new ArgumentException($"parameter budget must be positive, got {target}");
        }
        switch (kind.ToLowerInvariant())
        {
            case "qiren":
            {
                var options = qiren ?? new QirenOptions();
                var layers = Closest(0, MaxHybridLayers, h => QirenNetwork.CountParameters(inputs, outputs, options with { HiddenLayers = h }), target);
                return new QirenNetwork(inputs, outputs, options with { HiddenLayers = layers }, seed);
            }
            case "siren":
            {
                var options = new SirenOptions(1, BaselineHiddenLayers, FirstOmega: signal == SignalKind.Audio ? 3000 : 30);
                var width = Closest(1, MaxWidth, w => SirenNetwork.CountParameters(inputs, outputs, options with { Width = w }), target);
                return new SirenNetwork(inputs, outputs, options with { Width = width }, seed);
            }
            case "relu":
            case "tanh":
            {
                var activation = kind.Equals("relu", StringComparison.OrdinalIgnoreCase) ? MlpActivation.Relu : MlpActivation.Tanh;
                var width = Closest(1, MaxWidth, w => MlpNetwork.CountParameters(inputs, outputs, w, BaselineHiddenLayers), target);
                return new MlpNetwork(inputs, outputs, new MlpOptions(width, BaselineHiddenLayers, activation), seed);
            }
            case "rff":
            {
                var sigma = signal == SignalKind.Audio ? 500 : 10;
                FourierFeatureOptions Options(int w) => new(w, BaselineHiddenLayers, Math.Max(1, w / 2), sigma);
                var width = Closest(1, MaxWidth, w => FourierFeatureNetwork.CountParameters(inputs, outputs, Options(w)), target);
                return new FourierFeatureNetwork(inputs, outputs, Options(width), seed);
            }
            default:
                throw new ArgumentException($"unknown model '{kind}' (expected one of {string.Join(", ", Kinds)})");
        }
    }

    /// <summary>The argument in [low, high] whose (non-decreasing) count is closest to the target.</summary>
    private static int Closest(int low, int high, Func<int, long> count, long target)
    {
        var best = low;
        for (var v = low; v <= high; ++v)
        {
            if (Math.Abs(count(v) - target) < Math.Abs(count(best) - target))
            {
                best = v;
            }
            if (count(v) > target)
            {
                break;
            }
        }
        return best;
    }
}
