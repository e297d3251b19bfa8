using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Inr;
using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The coordinate encoder of the official QIREN GAN ("RELU+QCF", a StyleGAN2-ADA fork; Zhao et al., ICML 2024):
/// pixel coordinates p ∈ ℝ² → u = F·p (F learnable, 2C×2, no bias) → BatchNorm over the 2C features → C
/// independent 2-qubit re-uploading circuits, circuit c fed with (u_{2c}, u_{2c+1}) → C features ⟨Z₀⟩ ∈ [−1, 1].
/// The official code shares one set of circuit angles by all images; this encoder also takes per-image offsets
/// (the hypernetwork's circuit head), broadcast over pixels by the simulator instead of copied per pixel.
/// BatchNorm sees the coordinates once: the official encoder repeats identical batch items, whose statistics
/// over all pixels of all items are those over the pixels.
/// </summary>
public sealed class QuantumFeatureEncoder : Module
{
    private const int QubitsPerCircuit = 2;

    private readonly Parameter _projection;
    private readonly BatchNorm _norm;
    private readonly Parameter _theta;
    private QuantumExecution? _execution;
    private ShotStream? _shots; // the stream of _execution's shots, made when it is set

    /// <param name="circuits">C, the number of circuits and of output features.</param>
    /// <param name="depth">A, U3 + CNOT blocks per trainable unitary.</param>
    /// <param name="reuploads">S, data re-uploads per circuit.</param>
    /// <param name="seed">Seed of the initial F (uniform ±1/√2, as nn.Linear) and θ (uniform in [0, 2π), as PennyLane's TorchLayer).</param>
    /// <param name="strategy">How the circuits are simulated (Auto: spectral for per-image batches, see <see cref="QuantumCircuit.ChooseStrategy"/>).</param>
    public QuantumFeatureEncoder(int circuits = 8, int depth = 2, int reuploads = 2, ulong seed = 0,
        SimulationStrategy strategy = SimulationStrategy.Auto)
    {
        if (circuits < 1)
        {
            throw new ArgumentException($"QuantumFeatureEncoder: circuits must be positive, got {circuits}");
        }
        Spec = new CircuitSpec(QubitsPerCircuit, depth, reuploads, Observable.ZOnWire0, strategy);
        Spec.Validate();
        Circuits = circuits;
        using var generator = new RandomGenerator(seed);
        _projection = RegisterParameter("projection",
            Initialization.Uniform([2L * circuits, 2], 1 / Math.Sqrt(2), generator));
        _norm = RegisterModule("norm", new BatchNorm(2 * circuits));
        _theta = RegisterParameter("theta", Initialization.Uniform(ThetaShape, 0, 2 * Math.PI, generator));
    }

    /// <summary>C, the number of circuits (= output features).</summary>
    public int Circuits { get; }

    /// <summary>The circuit of every feature (2 qubits, Z on wire 0).</summary>
    public CircuitSpec Spec { get; private set; }

    /// <summary>How the circuits are simulated (default <see cref="SimulationStrategy.Auto"/>).</summary>
    public SimulationStrategy Strategy
    {
        get => Spec.Strategy;
        set => Spec = Spec with { Strategy = value };
    }

    /// <summary>
    /// How the circuits are run: null (default) = exact expectation values; otherwise noise, finite shots and/or
    /// zero-noise extrapolation (<see cref="QuantumExecution"/>). Rendering uses any of them; training only exact
    /// expectations, noisy or not (a noise-aware generator): shot estimates carry no gradient. Setting it starts a
    /// fresh shot stream from its seed, which the following forwards continue.
    /// </summary>
    public QuantumExecution? Execution
    {
        get => _execution;
        set
        {
            _shots?.Dispose();
            _execution = value;
            _shots = value is null ? null : new ShotStream(value.Seed);
        }
    }

    /// <summary>Shape of the shared angles and of one image's offsets: [C, S+1, A, 2, 3].</summary>
    public long[] ThetaShape => [Circuits, .. Spec.ParameterShape];

    /// <summary>F and BatchNorm's scale and shift: the parameters that set the encoding angles' spatial frequencies.</summary>
    public IEnumerable<Parameter> FrequencyParameters => [_projection, .. _norm.Parameters()];

    /// <summary>F [2C, 2], the learned projection of the pixel coordinates (for inspection).</summary>
    public Parameter Projection => _projection;

    /// <summary>The BatchNorm over the 2C projections (for inspection).</summary>
    public BatchNorm Norm => _norm;

    /// <summary>The shared circuit angles [C, S+1, A, 2, 3].</summary>
    public Parameter Theta => _theta;

    /// <summary>Rows of one image's encoding-angle offsets (<see cref="CoordinateAffine"/>): one per angle, 2C.</summary>
    public int Angles => 2 * Circuits;

    /// <summary>
    /// The RZ angles every circuit is fed per pixel: coords [P, 2] → BatchNorm(F·p) as [1, C, P, 2] (circuit c gets
    /// u_{2c}, u_{2c+1}); with per-image offsets [B, 2C, 3 or 1] (<see cref="CoordinateAffine"/>, added after BatchNorm, so
    /// its statistics stay those of the shared grid) → [B, C, P, 2].
    /// </summary>
    public Tensor EncodingAngles(Tensor coords, Tensor? angleOffset = null)
    {
        using var scope = DisposeScope.Enter();
        var pixels = coords.Size(0);
        var u = _norm.Forward(Functional.Linear(coords, _projection)); // [P, 2C]
        if (angleOffset is null)
        {
            return u.View(pixels, Circuits, QubitsPerCircuit).Transpose(0, 1).Unsqueeze(0).MoveToOuterScope(); // [1, C, P, 2]
        }
        var b = angleOffset.Size(0);
        var styled = u.Unsqueeze(0).Add(CoordinateAffine.Apply(coords, angleOffset)); // [B, P, 2C]
        return styled.View(b, pixels, Circuits, QubitsPerCircuit).Transpose(1, 2).MoveToOuterScope(); // [B, C, P, 2]
    }

    /// <summary>The circuits' U3 angles: the shared θ plus optional per-image offsets [B, C, S+1, A, 2, 3] → [B or 1, C, S+1, A, 2, 3].</summary>
    public Tensor CircuitAngles(Tensor? thetaOffset = null) =>
        thetaOffset is null ? _theta.Value.Unsqueeze(0) : _theta.Value.Unsqueeze(0).Add(thetaOffset);

    /// <summary>
    /// coords [P, 2] (columns x, y), optional per-image angle offsets [B, C, S+1, A, 2, 3] (added to the shared θ) and
    /// optional per-image encoding-angle offsets [B, 2C, 3 or 1] (<see cref="EncodingAngles"/>) → features [B, P, C], or
    /// [1, P, C] without offsets.
    /// </summary>
    public Tensor Forward(Tensor coords, Tensor? thetaOffset = null, Tensor? angleOffset = null)
    {
        if (coords.Dim != 2 || coords.Size(1) != 2)
        {
            throw new ArgumentException($"QuantumFeatureEncoder: coords must be [P, 2], got {coords}");
        }
        if (thetaOffset is not null && (thetaOffset.Dim != 6 || !thetaOffset.Shape[1..].SequenceEqual(ThetaShape)))
        {
            throw new ArgumentException(
                $"QuantumFeatureEncoder: thetaOffset must be [B, {string.Join(", ", ThetaShape)}], got {thetaOffset}");
        }
        if (angleOffset is not null && (angleOffset.Dim != 3 || angleOffset.Size(1) != Angles))
        {
            throw new ArgumentException(
                $"QuantumFeatureEncoder: angleOffset must be [B, {Angles}, 3 or 1], got {angleOffset}");
        }
        using var scope = DisposeScope.Enter();
        var x = EncodingAngles(coords, angleOffset); // [1 or B, C, P, 2]
        var theta = CircuitAngles(thetaOffset); // [B or 1, C, S+1, A, 2, 3]
        var features = _execution is null
            ? QuantumCircuit.Evaluate(Spec, theta.To(coords.DType), x)
            : _execution.Evaluate(Spec, theta.To(coords.DType), x, _shots); // [B or 1, C, P, 1]
        return features.Squeeze(-1).Transpose(1, 2).MoveToOuterScope(); // [B or 1, P, C]
    }

    public override void Dispose()
    {
        _shots?.Dispose();
        base.Dispose();
    }
}
