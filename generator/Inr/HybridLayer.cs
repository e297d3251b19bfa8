using QirenGan.Generator.Quantum;
using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Generator.Inr;

/// <summary>
/// The hybrid layer of QIREN's signal-representation network (Zhao et al., ICML 2024; the official qinr
/// HybridLayer): Linear (in → n) → BatchNorm over the n features → an n-qubit re-uploading circuit fed with them
/// as RZ angles → ⟨Z_q⟩ of every wire: n outputs in [−1, 1]. The circuit is the official one (PennyLane's
/// StronglyEntanglingLayers with CZ, <see cref="Ansatz.StronglyEntangling"/>) or the GAN's (DESIGN.md §4: U3
/// blocks and a CNOT chain).
/// </summary>
public sealed class HybridLayer : Module
{
    private readonly Linear _linear;
    private readonly BatchNorm _norm;
    private readonly Parameter _theta;

    /// <param name="inFeatures">Input width.</param>
    /// <param name="qubits">n, the circuit width and the output width.</param>
    /// <param name="depth">A, U3 + CNOT blocks per trainable unitary.</param>
    /// <param name="reuploads">S, data re-uploads.</param>
    /// <param name="generator">Source of the initial values (Linear as PyTorch; θ uniform in [0, 2π) as PennyLane's TorchLayer).</param>
    /// <param name="ansatz">The circuit's trainable layers.</param>
    public HybridLayer(int inFeatures, int qubits, int depth, int reuploads, RandomGenerator generator,
        Ansatz ansatz = Ansatz.U3CnotChain)
    {
        Spec = new CircuitSpec(qubits, depth, reuploads, Observable.ZOnEveryWire, Ansatz: ansatz);
        Spec.Validate();
        _linear = RegisterModule("linear", new Linear(inFeatures, qubits, generator));
        _norm = RegisterModule("norm", new BatchNorm(qubits));
        _theta = RegisterParameter("theta", Initialization.Uniform(Spec.ParameterShape, 0, 2 * Math.PI, generator));
    }

    public CircuitSpec Spec { get; private set; }

    /// <summary>How the circuit is simulated (default Auto).</summary>
    public SimulationStrategy Strategy
    {
        get => Spec.Strategy;
        set => Spec = Spec with { Strategy = value };
    }

    public BatchNorm Norm => _norm;

    /// <summary>
    /// How the circuit is measured when evaluating: null (default, and always in training) = exact expectation
    /// values; otherwise finite shots, noise and/or zero-noise extrapolation (<see cref="QuantumExecution"/>). Set
    /// through <see cref="QirenNetwork.Execution"/>, which owns the shot stream all its layers draw from.
    /// </summary>
    public QuantumExecution? Execution { get; private set; }

    // the network's stream: not disposed here
    private ShotStream? _shots;

    /// <summary>Runs the circuit as <paramref name="execution"/> says, drawing shots from <paramref name="shots"/> (owned by the caller).</summary>
    internal void Use(QuantumExecution? execution, ShotStream? shots)
    {
        Execution = execution;
        _shots = shots;
    }

    /// <summary>h [P, in] → [P, n].</summary>
    public Tensor Forward(Tensor h)
    {
        using var scope = DisposeScope.Enter();
        var angles = _norm.Forward(_linear.Forward(h)); // [P, n]
        var theta = _theta.Value.To(angles.DType);
        var values = Execution is null
            ? QuantumCircuit.Evaluate(Spec, theta, angles)
            : Execution.Evaluate(Spec, theta, angles, _shots); // [P, n]
        return values.MoveToOuterScope();
    }

    /// <summary>Parameters of a layer of this shape.</summary>
    public static long CountParameters(int inFeatures, int qubits, int depth, int reuploads) =>
        Linear.CountParameters(inFeatures, qubits) + 2L * qubits + (reuploads + 1L) * depth * qubits * CircuitSpec.AnglesPerGate;
}
