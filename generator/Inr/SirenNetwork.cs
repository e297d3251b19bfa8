using QirenGan.Torch;

namespace QirenGan.Generator.Inr;

/// <summary>Architecture of a <see cref="SirenNetwork"/>.</summary>
/// <param name="Width">Hidden features.</param>
/// <param name="HiddenLayers">Sine layers after the first (SIREN's hidden_layers).</param>
/// <param name="FirstOmega">ω₀ of the first layer (30 for images; the SIREN paper uses 3000 for audio).</param>
/// <param name="HiddenOmega">ω₀ of the other sine layers (30).</param>
public sealed record SirenOptions(int Width = 64, int HiddenLayers = 2, double FirstOmega = 30, double HiddenOmega = 30);

/// <summary>
/// SIREN (Sitzmann et al., "Implicit Neural Representations with Periodic Activation Functions", NeurIPS 2020),
/// matching its reference implementation: sin(ω₀·(Wx + b)) layers, first-layer weights uniform in ±1/in, later
/// ones in ±√(6/in)/ω₀ (biases as PyTorch's default), and a final linear layer initialised like the hidden ones.
/// </summary>
public sealed class SirenNetwork : RepresentationModel
{
    private readonly Linear[] _sine;
    private readonly double[] _omegas;
    private readonly Linear _output;

    public SirenNetwork(int inputFeatures, int outputFeatures, SirenOptions options, ulong seed = 0)
        : base(inputFeatures, outputFeatures)
    {
        Options = options;
        using var generator = new RandomGenerator(seed);
        _sine = new Linear[options.HiddenLayers + 1];
        _omegas = new double[_sine.Length];
        for (var i = 0; i < _sine.Length; ++i)
        {
            var inWidth = i == 0 ? inputFeatures : options.Width;
            _omegas[i] = i == 0 ? options.FirstOmega : options.HiddenOmega;
            var bound = i == 0 ? 1.0 / inWidth : Math.Sqrt(6.0 / inWidth) / options.HiddenOmega;
            _sine[i] = RegisterModule($"sine{i}", new Linear(inWidth, options.Width, generator, bound));
        }
        _output = RegisterModule("output",
            new Linear(options.Width, outputFeatures, generator, Math.Sqrt(6.0 / options.Width) / options.HiddenOmega));
    }

    public SirenOptions Options { get; }

    public override string Kind => "siren";

    public override string Description =>
        $"SIREN: {_sine.Length} sine layers of {Options.Width} (ω₀ = {Options.FirstOmega}/{Options.HiddenOmega}) → linear {OutputFeatures}";

    protected override Tensor ForwardChecked(Tensor coords)
    {
        using var scope = DisposeScope.Enter();
        var h = coords;
        for (var i = 0; i < _sine.Length; ++i)
        {
            h = _sine[i].Forward(h).Mul(_omegas[i]).Sin();
        }
        return _output.Forward(h).MoveToOuterScope();
    }

    public static long CountParameters(int inputFeatures, int outputFeatures, SirenOptions options) =>
        MlpNetwork.CountParameters(inputFeatures, outputFeatures, options.Width, options.HiddenLayers);
}
