using QirenGan.Torch;

namespace QirenGan.Generator.Inr;

/// <summary>The pointwise nonlinearity of an <see cref="MlpNetwork"/>.</summary>
public enum MlpActivation
{
    Relu,
    Tanh,
}

/// <summary>Architecture of an <see cref="MlpNetwork"/>.</summary>
/// <param name="Width">Hidden features.</param>
/// <param name="HiddenLayers">Hidden layers after the first (as SIREN's hidden_layers).</param>
/// <param name="Activation">ReLU or tanh.</param>
public sealed record MlpOptions(int Width = 64, int HiddenLayers = 2, MlpActivation Activation = MlpActivation.Relu);

/// <summary>
/// The plain coordinate MLP baselines of the QIREN paper (ReLU and Tanh): Linear layers with PyTorch's default
/// initialisation, the activation after each but the last.
/// </summary>
public sealed class MlpNetwork : RepresentationModel
{
    private readonly Linear[] _hidden;
    private readonly Linear _output;

    public MlpNetwork(int inputFeatures, int outputFeatures, MlpOptions options, ulong seed = 0)
        : base(inputFeatures, outputFeatures)
    {
        Options = options;
        using var generator = new RandomGenerator(seed);
        _hidden = new Linear[options.HiddenLayers + 1];
        for (var i = 0; i < _hidden.Length; ++i)
        {
            _hidden[i] = RegisterModule($"fc{i}", new Linear(i == 0 ? inputFeatures : options.Width, options.Width, generator));
        }
        _output = RegisterModule("output", new Linear(options.Width, outputFeatures, generator));
    }

    public MlpOptions Options { get; }

    public override string Kind => Options.Activation == MlpActivation.Relu ? "relu" : "tanh";

    public override string Description =>
        $"{Options.Activation} MLP: {_hidden.Length} layers of {Options.Width} → linear {OutputFeatures}";

    protected override Tensor ForwardChecked(Tensor coords)
    {
        using var scope = DisposeScope.Enter();
        var h = coords;
        foreach (var layer in _hidden)
        {
            h = layer.Forward(h);
            h = Options.Activation == MlpActivation.Relu ? h.Relu() : h.Tanh();
        }
        return _output.Forward(h).MoveToOuterScope();
    }

    /// <summary>Parameters of in → width (→ width × hiddenLayers) → out with biases.</summary>
    public static long CountParameters(int inputFeatures, int outputFeatures, int width, int hiddenLayers) =>
        Linear.CountParameters(inputFeatures, width) + hiddenLayers * Linear.CountParameters(width, width)
        + Linear.CountParameters(width, outputFeatures);
}
