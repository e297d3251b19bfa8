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
/// <param name="BatchNorm">Linear → BatchNorm → activation in every hidden layer, as the official QIREN baselines
/// (qinr/modules.py Siren_bn with ω₀ = 1); false = the plain MLP.</param>
public sealed record MlpOptions(int Width = 64, int HiddenLayers = 2, MlpActivation Activation = MlpActivation.Relu,
    bool BatchNorm = false);

/// <summary>
/// The plain coordinate MLP baselines of the QIREN paper (ReLU and Tanh): Linear layers with PyTorch's default
/// initialisation, the activation after each but the last; optionally BatchNorm before each activation (the official
/// code's baselines).
/// </summary>
public sealed class MlpNetwork : RepresentationModel
{
    private readonly Linear[] _hidden;
    private readonly BatchNorm[] _norms;
    private readonly Linear _output;

    public MlpNetwork(int inputFeatures, int outputFeatures, MlpOptions options, ulong seed = 0)
        : base(inputFeatures, outputFeatures)
    {
        Options = options;
        using var generator = new RandomGenerator(seed);
        _hidden = new Linear[options.HiddenLayers + 1];
        _norms = new BatchNorm[options.BatchNorm ? _hidden.Length : 0];
        for (var i = 0; i < _hidden.Length; ++i)
        {
            _hidden[i] = RegisterModule($"fc{i}", new Linear(i == 0 ? inputFeatures : options.Width, options.Width, generator));
            if (options.BatchNorm)
            {
                _norms[i] = RegisterModule($"norm{i}", new BatchNorm(options.Width));
            }
        }
        _output = RegisterModule("output", new Linear(options.Width, outputFeatures, generator));
    }

    public MlpOptions Options { get; }

    public override string Kind => Options.Activation == MlpActivation.Relu ? "relu" : "tanh";

    public override string Description =>
        $"{Options.Activation} MLP{(Options.BatchNorm ? " with BatchNorm" : "")}: {_hidden.Length} layers of {Options.Width} → linear {OutputFeatures}";

    protected override Tensor ForwardChecked(Tensor coords)
    {
        using var scope = DisposeScope.Enter();
        var h = coords;
        for (var i = 0; i < _hidden.Length; ++i)
        {
            h = _hidden[i].Forward(h);
            if (Options.BatchNorm)
            {
                h = _norms[i].Forward(h);
            }
            h = Options.Activation == MlpActivation.Relu ? h.Relu() : h.Tanh();
        }
        return _output.Forward(h).MoveToOuterScope();
    }

    /// <summary>Parameters of in → width (→ width × hiddenLayers) → out with biases (and 2·width per BatchNorm).</summary>
    public static long CountParameters(int inputFeatures, int outputFeatures, int width, int hiddenLayers, bool batchNorm = false) =>
        Linear.CountParameters(inputFeatures, width) + hiddenLayers * Linear.CountParameters(width, width)
        + Linear.CountParameters(width, outputFeatures) + (batchNorm ? 2L * width * (hiddenLayers + 1) : 0);
}
