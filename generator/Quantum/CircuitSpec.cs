namespace QirenGan.Generator.Quantum;

/// <summary>Which expectation values the circuit outputs.</summary>
public enum Observable
{
    /// <summary>⟨Z⟩ on wire 0: one output (the official QIREN GAN).</summary>
    ZOnWire0,

    /// <summary>⟨Z⟩ on every wire: n outputs (the hybrid layer of the representation task).</summary>
    ZOnEveryWire,
}

/// <summary>How the statevector is simulated; both are exact and differentiable to any order.</summary>
public enum SimulationStrategy
{
    /// <summary>Folded for n ≤ <see cref="CircuitSpec.FoldedMaxQubits"/>, gate by gate above.</summary>
    Auto,

    /// <summary>Per-circuit 2ⁿ×2ⁿ unitaries V_i, one batched product per re-upload: O(S·4ⁿ) per pixel.</summary>
    Folded,

    /// <summary>Each gate applied to a [*, P, 2ⁿ] statevector: O(S·A·n·2ⁿ) per pixel.</summary>
    GateByGate,
}

/// <summary>
/// A data re-uploading circuit (DESIGN.md §4): ψ(x) = V_S·E(x)·…·V_1·E(x)·V_0|0…0⟩ with E(x) = ⊗RZ(x_q) and
/// V_i = Π_a C·⊗U3(θ_{i,a,q}), C the CNOT chain 0→1, 1→2, … (no ring).
/// </summary>
/// <param name="Qubits">n, 1–10.</param>
/// <param name="Depth">Ansatz depth A: trainable layers per block V_i.</param>
/// <param name="Reuploads">S: how many times x is encoded (S+1 trainable blocks).</param>
/// <param name="Observable">Z on wire 0 (1 output) or on every wire (n outputs).</param>
/// <param name="Strategy">Simulation strategy.</param>
public sealed record CircuitSpec(int Qubits, int Depth, int Reuploads, Observable Observable = Observable.ZOnWire0,
    SimulationStrategy Strategy = SimulationStrategy.Auto)
{
    /// <summary>Largest n for which Auto folds: beyond it 4ⁿ outgrows A·n·2ⁿ.</summary>
    public const int FoldedMaxQubits = 4;

    public int Outputs => Observable == Observable.ZOnWire0 ? 1 : Qubits;

    public int Dimension => 1 << Qubits;

    /// <summary>Trailing shape of θ: [S+1, A, n, 3].</summary>
    public long[] ThetaShape => [Reuploads + 1, Depth, Qubits, 3];

    public SimulationStrategy Resolved =>
        Strategy != SimulationStrategy.Auto ? Strategy
        : Qubits <= FoldedMaxQubits ? SimulationStrategy.Folded : SimulationStrategy.GateByGate;

    public void Validate()
    {
        if (Qubits is < 1 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Qubits), Qubits, "circuits have 1 to 10 qubits");
        }
        if (Depth < 1 || Reuploads < 0)
        {
            throw new ArgumentException($"circuit needs depth ≥ 1 and re-uploads ≥ 0, got A = {Depth}, S = {Reuploads}");
        }
    }
}
