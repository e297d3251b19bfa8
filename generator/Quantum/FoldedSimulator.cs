using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The folded strategy: V_i as real block matrices R_i built once per batch element (never per pixel), then per
/// re-upload the diagonal phases of E(x) and one batched matrix product. States are stacked (Re ψ; Im ψ) rows.
/// Per re-upload the whole state is touched three times: the product with [R_i; swap·R_i] (which also yields
/// the re/im-swapped state the complex phase product needs), a multiply and a fused multiply-add.
/// </summary>
internal static class FoldedSimulator
{
    /// <summary>θ [Ns, Na, S+1, A, n, 3], x [Ns, Nb, P, n] → [Ns, Na, Nb, P, O].</summary>
    public static Tensor Run(CircuitSpec spec, Tensor theta, Tensor x)
    {
        var dim = spec.Dimension;
        long ns = theta.Size(0), na = theta.Size(1), nb = x.Size(1), pixels = x.Size(2);
        using var scope = DisposeScope.Enter();
        var r = CircuitUnitaries.Build(spec, theta); // [Ns, Na, S+1, 2N, 2N]
        // Rows [R_i; R_i with its halves swapped]: one product gives ψ' and (Im ψ'; Re ψ').
        var withSwap = Tensors.Cat([r, r.Roll([dim], [-2])], -2).Transpose(-1, -2); // [Ns, Na, S+1, 2N, 4N]
        var (cc, ss) = EncodingMultipliers(spec, x, ns, nb * pixels); // each [Ns, 1, Nb·P, 2N]

        // E(x)·(a + ib) with E = e^{−iφ}: (a·cos φ + b·sin φ) + i(b·cos φ − a·sin φ) = ψ∘(c, c) + swap(ψ)∘(s, −s)
        var psi0 = r.Select(2, 0).Select(-1, 0).Unsqueeze(2); // V_0|0⟩: [Ns, Na, 1, 2N]
        var state = psi0.Mul(cc).Addcmul(psi0.Roll([dim], [-1]), ss); // [Ns, Na, Nb·P, 2N]
        for (var i = 1; i < spec.Reuploads; ++i)
        {
            var pair = state.MatMul(withSwap.Select(2, i)); // [Ns, Na, Nb·P, 4N]
            state = pair.Narrow(-1, 0, 2 * dim).Mul(cc).Addcmul(pair.Narrow(-1, 2 * dim, 2 * dim), ss);
        }
        var final = state.MatMul(r.Select(2, spec.Reuploads).Transpose(-1, -2)); // [Ns, Na, Nb·P, 2N]
        var signs = Tensors.FromArray(Gates.ZSigns(spec), [dim, spec.Outputs]).To(x.Device, x.DType);
        var observable = Tensors.Cat([signs, signs], 0); // |ψ_k|² = Re² + Im²: [2N, O]
        var result = final.Square().MatMul(observable).Reshape(ns, na, nb, pixels, spec.Outputs); // [Ns, Na, Nb, P, O]
        return result.MoveToOuterScope();
    }

    /// <summary>(cos φ, cos φ) and (sin φ, −sin φ) per pixel, φ_k = x·Λ_k, from one affine map and one cos.</summary>
    private static (Tensor Cos, Tensor Sin) EncodingMultipliers(CircuitSpec spec, Tensor x, long ns, long rows)
    {
        var dim = spec.Dimension;
        var lambda = Gates.EncodingFrequencies(spec.Qubits); // [n, N]
        var weights = new double[4 * dim * spec.Qubits];
        var offsets = new double[4 * dim];
        for (var block = 0; block < 4; ++block)
        {
            for (var k = 0; k < dim; ++k)
            {
                for (var q = 0; q < spec.Qubits; ++q)
                {
                    weights[(block * dim + k) * spec.Qubits + q] = lambda[q * dim + k];
                }
                // cos φ, cos φ, cos(φ − π/2) = sin φ, cos(φ + π/2) = −sin φ
                offsets[block * dim + k] = block switch { 2 => -Math.PI / 2, 3 => Math.PI / 2, _ => 0 };
            }
        }
        var w = Tensors.FromArray(weights, [4 * dim, spec.Qubits]).To(x.Device, x.DType);
        var b = Tensors.FromArray(offsets).To(x.Device, x.DType);
        var multipliers = Functional.Linear(x, w, b).Cos().Reshape(ns, 1, rows, 4 * dim); // [Ns, 1, Nb·P, 4N]
        return (multipliers.Narrow(-1, 0, 2 * dim), multipliers.Narrow(-1, 2 * dim, 2 * dim));
    }
}
