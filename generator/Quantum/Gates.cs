using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The gates of the circuit as real tensors (complex numbers as separate real and imaginary parts, so every
/// operation is an ordinary differentiable real op to any order), and the basis-state permutations of CNOTs.
/// Conventions: wire 0 is the most significant bit of a basis-state index (PennyLane's); U3 and RZ as in
/// DESIGN.md §4 (PennyLane's U3 and RZ).
/// </summary>
public static class Gates
{
    // U3(θ, φ, λ) = [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]]: every entry is a real
    // magnitude m = cos(θ/2 + β) (β = 0, π/2, −π/2, 0 gives cos, −sin, sin, cos) times a phase e^{iα} with
    // α = 0, λ, φ, φ+λ. Both are one affine map of (θ, φ, λ), so a whole batch of gates costs one linear op and
    // one cos instead of a dozen small ops, and a Kronecker product of gates multiplies magnitudes and adds phases.
    private static readonly double[] U3Weights =
    [
        // rows: the 4 magnitude arguments then the 4 phases; columns: (θ, φ, λ)
        0.5, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 0.5, 0, 0,
        0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1,
    ];

    private static readonly double[] U3Offsets = [0, Math.PI / 2, -Math.PI / 2, 0, 0, 0, 0, 0];

    /// <summary>The bit of <paramref name="wire"/> in basis state <paramref name="index"/> (wire 0 most significant).</summary>
    public static int Bit(int index, int wire, int qubits) => (index >> (qubits - 1 - wire)) & 1;

    /// <summary>U3 matrices of angles [..., 3] (θ, φ, λ): real and imaginary parts, each [..., 2, 2].</summary>
    public static (Tensor Re, Tensor Im) U3(Tensor angles)
    {
        using var scope = DisposeScope.Enter();
        var (magnitude, phase) = U3Polar(angles);
        var re = magnitude.Mul(phase.Cos());
        var im = magnitude.Mul(phase.Sin());
        return (re.MoveToOuterScope(), im.MoveToOuterScope());
    }

    /// <summary>
    /// U3 matrices of angles [..., 3] in polar form: entry = magnitude · e^{i·phase}, each [..., 2, 2]
    /// (magnitudes are signed: cos θ/2, −sin θ/2, sin θ/2, cos θ/2; phases 0, λ, φ, φ+λ).
    /// </summary>
    public static (Tensor Magnitude, Tensor Phase) U3Polar(Tensor angles)
    {
        if (angles.Dim < 1 || angles.Size(-1) != CircuitSpec.AnglesPerGate)
        {
            throw new ArgumentException($"Gates.U3: angles must be [..., 3] (θ, φ, λ), got {angles}");
        }
        using var scope = DisposeScope.Enter();
        var weights = Tensors.FromArray(U3Weights, [8, 3]).To(angles.Device, angles.DType);
        var offsets = Tensors.FromArray(U3Offsets).To(angles.Device, angles.DType);
        var affine = Functional.Linear(angles, weights, offsets); // [..., 8]
        var shape = angles.Shape[..^1].Append(2).Append(2).ToArray();
        var magnitude = affine.Narrow(-1, 0, 4).Cos().Reshape(shape); // [..., 2, 2]
        var phase = affine.Narrow(-1, 4, 4).Reshape(shape); // [..., 2, 2]
        return (magnitude.MoveToOuterScope(), phase.MoveToOuterScope());
    }

    /// <summary>RZ(α) = diag(e^{−iα/2}, e^{iα/2}) of angles [...]: real and imaginary parts, each [..., 2, 2].</summary>
    public static (Tensor Re, Tensor Im) RZ(Tensor alpha)
    {
        using var scope = DisposeScope.Enter();
        var (c, s) = RZDiagonal(alpha);
        var zero = Tensors.ZerosLike(c);
        var re = Tensors.Stack([c, zero, zero, c], -1);
        var im = Tensors.Stack([s.Neg(), zero, zero, s], -1);
        var shape = alpha.Shape.Append(2).Append(2).ToArray();
        return (re.Reshape(shape).MoveToOuterScope(), im.Reshape(shape).MoveToOuterScope());
    }

    /// <summary>cos(α/2) and sin(α/2): RZ(α)'s diagonal is (c − i·s, c + i·s).</summary>
    public static (Tensor Cos, Tensor Sin) RZDiagonal(Tensor alpha)
    {
        using var scope = DisposeScope.Enter();
        var half = alpha.Mul(0.5);
        return (half.Cos().MoveToOuterScope(), half.Sin().MoveToOuterScope());
    }

    /// <summary>
    /// The basis permutation of CNOT(control → target) on <paramref name="qubits"/> wires:
    /// CNOT|k⟩ = |π[k]⟩, where π flips the target bit when the control bit is 1.
    /// </summary>
    public static int[] CnotPermutation(int qubits, int control, int target)
    {
        if (control == target || control < 0 || target < 0 || control >= qubits || target >= qubits)
        {
            throw new ArgumentException($"Gates.CnotPermutation: invalid wires {control} → {target} on {qubits} qubits");
        }
        var n = 1 << qubits;
        var result = new int[n];
        var targetMask = 1 << (qubits - 1 - target);
        for (var k = 0; k < n; ++k)
        {
            result[k] = Bit(k, control, qubits) == 1 ? k ^ targetMask : k;
        }
        return result;
    }

    /// <summary>
    /// The basis permutation of the CNOT chain C: CNOT(0→1) first, then CNOT(1→2), …, CNOT(n−2→n−1) (no ring).
    /// C|k⟩ = |π[k]⟩; bit q of π[k] is the XOR of bits 0..q of k.
    /// </summary>
    public static int[] CnotChainPermutation(int qubits)
    {
        var result = Enumerable.Range(0, 1 << qubits).ToArray();
        for (var q = 0; q + 1 < qubits; ++q)
        {
            var step = CnotPermutation(qubits, q, q + 1);
            for (var k = 0; k < result.Length; ++k)
            {
                result[k] = step[result[k]];
            }
        }
        return result;
    }

    /// <summary>The inverse permutation: if C|k⟩ = |π[k]⟩ then (C·M)[i, :] = M[π⁻¹[i], :].</summary>
    public static int[] Inverse(int[] permutation)
    {
        var inverse = new int[permutation.Length];
        for (var k = 0; k < permutation.Length; ++k)
        {
            inverse[permutation[k]] = k;
        }
        return inverse;
    }

    /// <summary>Signs of Z on each measured wire per basis state, as a [2ⁿ, outputs] table (+1 for bit 0, −1 for bit 1).</summary>
    public static double[] ZSigns(CircuitSpec spec)
    {
        var n = spec.Dimension;
        var outputs = spec.Outputs;
        var table = new double[n * outputs];
        for (var k = 0; k < n; ++k)
        {
            for (var w = 0; w < outputs; ++w)
            {
                table[k * outputs + w] = 1 - 2 * Bit(k, w, spec.Qubits);
            }
        }
        return table;
    }

    /// <summary>
    /// Statevector simulators' measurement: basis probabilities |ψ_k|² [Ns, Na, 2ⁿ, R] (R = Nb·P rows) → ⟨Z⟩ of each
    /// measured wire, [Ns, Na, Nb, P, O].
    /// </summary>
    internal static Tensor ZExpectations(CircuitSpec spec, Tensor probabilities, long nb, long pixels)
    {
        long ns = probabilities.Size(0), na = probabilities.Size(1);
        using var scope = DisposeScope.Enter();
        var signs = Tensors.FromArray(ZSigns(spec), [spec.Dimension, spec.Outputs])
            .To(probabilities.Device, probabilities.DType).T(); // [O, 2ⁿ]
        return signs.MatMul(probabilities) // [Ns, Na, O, R]
            .Reshape(ns, na, spec.Outputs, nb, pixels)
            .Permute(0, 1, 3, 4, 2) // [Ns, Na, Nb, P, O]
            .MoveToOuterScope();
    }

    /// <summary>Basis probabilities [Ns, Na, 2ⁿ, R] (R = Nb·P rows) → one distribution per pixel, [Ns, Na, Nb, P, 2ⁿ].</summary>
    internal static Tensor PerPixelOutcomes(CircuitSpec spec, Tensor probabilities, long nb, long pixels) =>
        probabilities.Reshape(probabilities.Size(0), probabilities.Size(1), spec.Dimension, nb, pixels)
            .Permute(0, 1, 3, 4, 2); // [Ns, Na, Nb, P, 2ⁿ]
}
