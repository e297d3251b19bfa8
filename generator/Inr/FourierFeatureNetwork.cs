using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Generator.Inr;

/// <summary>Architecture of a <see cref="FourierFeatureNetwork"/>.</summary>
/// <param name="Width">Hidden features of the ReLU MLP.</param>
/// <param name="HiddenLayers">Hidden layers after the first.</param>
/// <param name="Frequencies">m, random frequencies (2m features: cos and sin).</param>
/// <param name="Sigma">Standard deviation of the Gaussian frequencies, in cycles per unit coordinate (10 for images;
/// the official QIREN baseline uses 1).</param>
/// <param name="BatchNorm">BatchNorm before each ReLU (the official QIREN baseline, qinr/modules.py Siren_bn with rff).</param>
public sealed record FourierFeatureOptions(int Width = 64, int HiddenLayers = 2, int Frequencies = 32, double Sigma = 10,
    bool BatchNorm = false);

/// <summary>
/// ReLU MLP on random Fourier features (Tancik et al., "Fourier Features Let Networks Learn High Frequency
/// Functions in Low Dimensional Domains", NeurIPS 2020): γ(v) = (cos 2πBv, sin 2πBv) with fixed B ~ N(0, σ²)
/// of shape [m, in] (a buffer, not trained), then the ReLU MLP.
/// </summary>
public sealed class FourierFeatureNetwork : RepresentationModel
{
    private readonly Parameter _frequencies;
    private readonly MlpNetwork _mlp;

    public FourierFeatureNetwork(int inputFeatures, int outputFeatures, FourierFeatureOptions options, ulong seed = 0)
        : base(inputFeatures, outputFeatures)
    {
        Options = options;
        using var generator = new RandomGenerator(seed ^ 0x5f3759df);
        _frequencies = RegisterBuffer("frequencies",
            Tensors.Randn([options.Frequencies, inputFeatures], generator).Mul(2 * Math.PI * options.Sigma));
        _mlp = RegisterModule("mlp", new MlpNetwork(2 * options.Frequencies, outputFeatures,
            new MlpOptions(options.Width, options.HiddenLayers, MlpActivation.Relu, options.BatchNorm), seed));
    }

    public FourierFeatureOptions Options { get; }

    public override string Kind => "rff";

    public override string Description =>
        $"ReLU + RFF: {Options.Frequencies} Gaussian frequencies (σ = {Options.Sigma}) → {Options.HiddenLayers + 1} layers of {Options.Width} → linear {OutputFeatures}";

    protected override Tensor ForwardChecked(Tensor coords)
    {
        using var scope = DisposeScope.Enter();
        var projected = Functional.Linear(coords, _frequencies.Value.To(coords.DType)); // 2πBv: [P, m]
        var features = Tensors.Cat([projected.Cos(), projected.Sin()], 1); // [P, 2m]
        return _mlp.Forward(features).MoveToOuterScope();
    }

    public static long CountParameters(int inputFeatures, int outputFeatures, FourierFeatureOptions options) =>
        MlpNetwork.CountParameters(2 * options.Frequencies, outputFeatures, options.Width, options.HiddenLayers, options.BatchNorm);
}
