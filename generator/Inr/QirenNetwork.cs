using QirenGan.Generator.Quantum;
using QirenGan.Torch;

namespace QirenGan.Generator.Inr;

/// <summary>Architecture of a <see cref="QirenNetwork"/>.</summary>
/// <param name="Qubits">n, qubits per hybrid layer (= its width).</param>
/// <param name="HiddenLayers">Hybrid layers after the first (the official Hybridren's hidden_layers).</param>
/// <param name="Depth">A, layers per trainable unitary (U3 + CNOT blocks, or StronglyEntanglingLayers layers: 2 officially).</param>
/// <param name="Reuploads">S, data re-uploads per circuit (the official spectrum_layer).</param>
/// <param name="Ansatz">The circuit's trainable layers: the GAN's U3 + CNOT chain, or the official signal
/// experiments' StronglyEntanglingLayers with CZ (<see cref="Official"/>).</param>
public sealed record QirenOptions(int Qubits = 4, int HiddenLayers = 2, int Depth = 2, int Reuploads = 2,
    Ansatz Ansatz = Ansatz.U3CnotChain)
{
    /// <summary>
    /// The official Hybridren's defaults (GGorMM1/QIREN qinr/train.py): 8 hidden features (= qubits), 2 hidden
    /// layers, spectrum_layer 2, StronglyEntanglingLayers of 2 layers with CZ.
    /// </summary>
    public static QirenOptions Official { get; } = new(8, 2, 2, 2, Ansatz.StronglyEntangling);
}

/// <summary>
/// QIREN for signal representation (Zhao et al., ICML 2024; the official qinr Hybridren): hybrid layers
/// (Linear → BatchNorm → circuit) then a final linear layer.
/// </summary>
public sealed class QirenNetwork : RepresentationModel
{
    private readonly HybridLayer[] _layers;
    private readonly Linear _output;
    private QuantumExecution? _execution;
    private ShotStream? _shots; // shared by every layer's circuit

    public QirenNetwork(int inputFeatures, int outputFeatures, QirenOptions options, ulong seed = 0)
        : base(inputFeatures, outputFeatures)
    {
        Options = options;
        using var generator = new RandomGenerator(seed);
        _layers = new HybridLayer[options.HiddenLayers + 1];
        for (var i = 0; i < _layers.Length; ++i)
        {
            _layers[i] = RegisterModule($"hybrid{i}",
                new HybridLayer(i == 0 ? inputFeatures : options.Qubits, options.Qubits, options.Depth, options.Reuploads, generator,
                    options.Ansatz));
        }
        _output = RegisterModule("output", new Linear(options.Qubits, outputFeatures, generator));
    }

    public QirenOptions Options { get; }

    public override string Kind => "qiren";

    public override string Description =>
        $"QIREN: {_layers.Length} hybrid layers of {Options.Qubits} qubits ({(Options.Ansatz == Ansatz.StronglyEntangling ? "StronglyEntangling+CZ" : "U3+CNOT")}, A={Options.Depth}, S={Options.Reuploads}) → linear {OutputFeatures}";

    /// <summary>The simulation strategy of every circuit (default Auto).</summary>
    public SimulationStrategy Strategy
    {
        set
        {
            foreach (var layer in _layers)
            {
                layer.Strategy = value;
            }
        }
    }

    public IReadOnlyList<HybridLayer> Layers => _layers;

    /// <summary>
    /// How every circuit is measured (null = exact expectations, the default and the training path). All layers
    /// share one execution, so one shot-sampler stream: the second layer is fed the first layer's estimates, as on
    /// hardware, where each layer's circuit is measured before the classical layers between them run.
    /// </summary>
    public QuantumExecution? Execution
    {
        get => _execution;
        set
        {
            _shots?.Dispose();
            _execution = value;
            _shots = value is null ? null : new ShotStream(value.Seed); // a fresh stream per setting, from its seed
            foreach (var layer in _layers)
            {
                layer.Use(value, _shots);
            }
        }
    }

    public override void Dispose()
    {
        _shots?.Dispose();
        base.Dispose();
    }

    protected override Tensor ForwardChecked(Tensor coords)
    {
        using var scope = DisposeScope.Enter();
        var h = coords;
        foreach (var layer in _layers)
        {
            h = layer.Forward(h); // [P, n]
        }
        return _output.Forward(h).MoveToOuterScope();
    }

    public static long CountParameters(int inputFeatures, int outputFeatures, QirenOptions options)
    {
        var count = Linear.CountParameters(options.Qubits, outputFeatures);
        for (var i = 0; i <= options.HiddenLayers; ++i)
        {
            count += HybridLayer.CountParameters(i == 0 ? inputFeatures : options.Qubits, options.Qubits, options.Depth, options.Reuploads);
        }
        return count;
    }
}
