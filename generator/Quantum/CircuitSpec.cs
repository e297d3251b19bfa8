namespace QirenGan.Generator.Quantum;

/// <summary>What the circuit measures: the expectation of Pauli Z on one wire or on each wire.</summary>
public enum Observable
{
    /// <summary>⟨Z⟩ on wire 0 (one output; the official QIREN GAN encoder).</summary>
    ZOnWire0,

    /// <summary>⟨Z_q⟩ for every wire q (n outputs; the hybrid layer of the signal-representation task).</summary>
    ZOnEveryWire,
}

/// <summary>Which gates make the trainable layers L_{i,a} of the circuit (the data encoding is ⊗ RZ(x_q) in both).</summary>
public enum Ansatz
{
    /// <summary>DESIGN.md §4, the official QIREN GAN: ⊗_q U3(θ, φ, λ), then the CNOT chain 0→1, …, n−2→n−1.</summary>
    U3CnotChain,

    /// <summary>
    /// The official signal-representation circuit (GGorMM1/QIREN qinr/modules.py QuantumLayer): PennyLane's
    /// StronglyEntanglingLayers with imprimitive CZ — layer a applies Rot(φ, θ, ω) = RZ(ω)·RY(θ)·RZ(φ) on every
    /// wire, then CZ(i, (i + r) mod n) for i = 0..n−1 with range r = (a mod (n − 1)) + 1 (no CZ when n = 1).
    /// Simulated by <see cref="StronglyEntanglingSimulator"/> (a statevector; the strategy must be Auto or GateByGate).
    /// </summary>
    StronglyEntangling,
}

/// <summary>How <see cref="QuantumCircuit.Evaluate"/> simulates the circuit. All are exact and agree to rounding.</summary>
public enum SimulationStrategy
{
    /// <summary>The cheapest of the others for the shapes at hand (see <see cref="QuantumCircuit.ChooseStrategy"/>).</summary>
    Auto,

    /// <summary>
    /// Per-circuit 2ⁿ×2ⁿ unitaries V_i built once per batch element, then per re-upload the diagonal phases of
    /// E(x) and one batched matrix product per pixel. O(S·4ⁿ) per pixel.
    /// </summary>
    Folded,

    /// <summary>A statevector [*, P, 2ⁿ] to which every U3 gate and CNOT chain is applied. O(S·A·n·2ⁿ) per pixel.</summary>
    GateByGate,

    /// <summary>
    /// The circuit output is a trigonometric polynomial of degree ≤ S per wire (Schuld, Sweke &amp; Meyer 2021,
    /// "The effect of data encoding on the expressive power of variational quantum machine learning models"):
    /// its (2S+1)ⁿ real Fourier coefficients are computed exactly from the V_i once per batch element, and every
    /// pixel costs one small matrix product with cos/sin features of x. Fastest for small n.
    /// </summary>
    Spectral,
}

/// <summary>
/// A data re-uploading circuit (DESIGN.md §4): ψ(x) = V_S·E(x)·V_{S−1}⋯V_1·E(x)·V_0|0…0⟩ on n qubits, with
/// V_i = L_{i,A}⋯L_{i,1}, L_{i,a} = CNOT chain · ⊗_q U3(θ_{i,a,q}) and E(x) = ⊗_q RZ(x_q) (or, with
/// <see cref="Ansatz.StronglyEntangling"/>, L_{i,a} = CZ ring of range r_a · ⊗_q Rot(θ_{i,a,q})).
/// Basis states are numbered with wire 0 as the most significant bit (PennyLane's convention).
/// </summary>
/// <param name="Qubits">n, the number of wires (1–10).</param>
/// <param name="Depth">A, the number of U3-layer + CNOT-chain blocks in each trainable unitary V_i.</param>
/// <param name="Reuploads">S, the number of data-encoding layers E(x); there are S + 1 trainable unitaries.</param>
/// <param name="Observable">What is measured (one output or one per wire).</param>
/// <param name="Strategy">How it is simulated; <see cref="SimulationStrategy.Auto"/> picks by cost.</param>
/// <param name="Ansatz">The gates of the trainable layers (U3 + CNOT chain, or StronglyEntanglingLayers with CZ).</param>
public sealed record CircuitSpec(
    int Qubits,
    int Depth,
    int Reuploads,
    Observable Observable = Observable.ZOnWire0,
    SimulationStrategy Strategy = SimulationStrategy.Auto,
    Ansatz Ansatz = Ansatz.U3CnotChain)
{
    /// <summary>Largest supported n: 2¹⁰-dimensional states (the folded unitaries are then 2048×2048 real).</summary>
    public const int MaxQubits = 10;

    /// <summary>Angles per U3 gate (θ, φ, λ) or Rot gate (φ, θ, ω).</summary>
    public const int AnglesPerGate = 3;

    /// <summary>Number of outputs per pixel: 1 for Z on wire 0, n for Z on every wire.</summary>
    public int Outputs => Observable == Observable.ZOnEveryWire ? Qubits : 1;

    /// <summary>2ⁿ, the dimension of the state space.</summary>
    public int Dimension => 1 << Qubits;

    /// <summary>The trailing shape of θ: [S+1, A, n, 3].</summary>
    public long[] ParameterShape => [Reuploads + 1, Depth, Qubits, AnglesPerGate];

    /// <summary>Number of angles of one circuit: (S+1)·A·n·3.</summary>
    public long ParameterCount => (long)(Reuploads + 1) * Depth * Qubits * AnglesPerGate;

    /// <summary>Throws when the numbers cannot describe a circuit.</summary>
    public void Validate()
    {
        if (Qubits < 1 || Qubits > MaxQubits)
        {
            throw new ArgumentException($"CircuitSpec: Qubits must be in 1..{MaxQubits}, got {Qubits}");
        }
        if (Depth < 1)
        {
            throw new ArgumentException($"CircuitSpec: Depth (A) must be at least 1, got {Depth}");
        }
        if (Reuploads < 1)
        {
            throw new ArgumentException($"CircuitSpec: Reuploads (S) must be at least 1, got {Reuploads}");
        }
        if (!Enum.IsDefined(Observable) || !Enum.IsDefined(Strategy) || !Enum.IsDefined(Ansatz))
        {
            throw new ArgumentException($"CircuitSpec: unknown observable {Observable}, strategy {Strategy} or ansatz {Ansatz}");
        }
        if (Ansatz == Ansatz.StronglyEntangling && Strategy is not (SimulationStrategy.Auto or SimulationStrategy.GateByGate))
        {
            throw new ArgumentException($"CircuitSpec: the StronglyEntangling ansatz is simulated gate by gate only (strategy auto or gatebygate), got {Strategy}");
        }
    }

    public override string ToString() =>
        $"{Qubits} qubit{(Qubits == 1 ? "" : "s")}, A={Depth}, S={Reuploads}, {Observable}, {Strategy}{(Ansatz == Ansatz.U3CnotChain ? "" : ", " + Ansatz)}";
}
