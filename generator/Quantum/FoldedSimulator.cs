using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The folded strategy: V_i as real block matrices R_i built once per batch element (never per pixel), then per
/// re-upload the diagonal phases of E(x) and one batched matrix product. States are stacked (Re ψ; Im ψ) rows.
/// Per re-upload the whole state is touched three times: the product with [R_i; swap·R_i] (which also yields
/// the re/im-swapped state the complex phase product needs), a multiply by the phases and a sum.
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
        var multipliers = EncodingMultipliers(spec, x, ns, nb * pixels); // [Ns, 1, Nb·P, 2, 2N]

        // E(x)·(a + ib) with E = e^{−iφ}: (a·cos φ + b·sin φ) + i(b·cos φ − a·sin φ) = ψ∘(c, c) + swap(ψ)∘(s, −s)
        var psi0 = r.Select(2, 0).Select(-1, 0).Unsqueeze(2); // V_0|0⟩: [Ns, Na, 1, 2N]
        var pair = Tensors.Cat([psi0, psi0.Roll([dim], [-1])], -1); // [Ns, Na, 1, 4N]
        var state = Encode(pair, multipliers); // [Ns, Na, Nb·P, 2N]
        for (var i = 1; i < spec.Reuploads; ++i)
        {
            state = Encode(state.MatMul(withSwap.Select(2, i)), multipliers); // via [Ns, Na, Nb·P, 4N]
        }
        var final = state.MatMul(r.Select(2, spec.Reuploads).Transpose(-1, -2)); // [Ns, Na, Nb·P, 2N]
        var signs = Tensors.FromArray(Gates.ZSigns(spec), [dim, spec.Outputs]).To(x.Device, x.DType);
        var observable = Tensors.Cat([signs, signs], 0); // |ψ_k|² = Re² + Im²: [2N, O]
        var result = final.Square().MatMul(observable).Reshape(ns, na, nb, pixels, spec.Outputs); // [Ns, Na, Nb, P, O]
        return result.MoveToOuterScope();
    }

    /// <summary>(ψ, swap ψ) [..., rows, 4N] ∘ ((cos φ, cos φ), (sin φ, −sin φ)), summed: E(x)·ψ [..., rows, 2N].</summary>
    private static Tensor Encode(Tensor pair, Tensor multipliers)
    {
        var shape = pair.Shape;
        var halves = pair.View([.. shape[..^1], 2, shape[^1] / 2]); // [..., rows, 2, 2N]
        return halves.Mul(multipliers).Sum(-2);
    }

    /// <summary>
    /// ((cos φ, cos φ), (sin φ, −sin φ)) per pixel, φ_k = ½·Σ_q ±x_q: the diagonal e^{−iφ_k} of E(x) = ⊗ RZ(x_q)
    /// is the Kronecker product of the RZ diagonals (e^{−ix_q/2}, e^{ix_q/2}), built by complex products from
    /// cos and sin of x_q/2 — 2n transcendental evaluations per pixel instead of 4·2ⁿ (libtorch's CPU cos is scalar).
    /// </summary>
    private static Tensor EncodingMultipliers(CircuitSpec spec, Tensor x, long ns, long rows)
    {
        var n = spec.Qubits;
        var (cos, sin) = Gates.RZDiagonal(x.Reshape(ns * rows, n)); // [R, n]
        var re = cos.Narrow(1, 0, 1).Repeat(1, 2); // wire 0: (cos, cos)
        var im = Tensors.Cat([sin.Narrow(1, 0, 1).Neg(), sin.Narrow(1, 0, 1)], 1); // (−sin, sin)
        for (var q = 1; q < n; ++q)
        {
            var c = cos.Narrow(1, q, 1);
            var s = sin.Narrow(1, q, 1);
            var dRe = Tensors.Cat([c, c], 1).Unsqueeze(1); // [R, 1, 2]
            var dIm = Tensors.Cat([s.Neg(), s], 1).Unsqueeze(1);
            var width = re.Size(1) * 2;
            var (r, i) = (re.Unsqueeze(2), im.Unsqueeze(2)); // [R, 2^q, 1]
            re = r.Mul(dRe).Sub(i.Mul(dIm)).Reshape(ns * rows, width); // [R, 2^(q+1)]
            im = r.Mul(dIm).Add(i.Mul(dRe)).Reshape(ns * rows, width);
        }
        // e^{−iφ} = cos φ − i·sin φ
        return Tensors.Cat([re, re, im.Neg(), im], 1).Reshape(ns, 1, rows, 2, 2 * spec.Dimension); // [Ns, 1, Nb·P, 2, 2N]
    }
}
