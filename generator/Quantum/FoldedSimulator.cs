using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The folded strategy: V_i as real block matrices R_i built once per batch element (never per pixel), then per
/// re-upload the diagonal phases of E(x) and one batched matrix product. States are stacked (Re ψ; Im ψ) columns,
/// one per pixel, laid out [Ns, Na, 2N, rows] so every elementwise op runs over long contiguous rows of pixels.
/// Per re-upload the whole state is touched three times: the product with [R_i; swap·R_i] (which also yields
/// the re/im-swapped state the complex phase product needs), a multiply by the phases and a sum of two halves.
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
        var withSwap = Tensors.Cat([r, r.Roll([dim], [-2])], -2); // [Ns, Na, S+1, 4N, 2N]
        var multipliers = EncodingMultipliers(spec, x.Reshape(ns, nb * pixels, spec.Qubits)); // [Ns, 1, 2, 2N, rows]

        // E(x)·(a + ib) with E = e^{−iφ}: (a·cos φ + b·sin φ) + i(b·cos φ − a·sin φ) = ψ∘(c, c) + swap(ψ)∘(s, −s)
        var psi0 = r.Select(2, 0).Narrow(-1, 0, 1); // V_0|0⟩: [Ns, Na, 2N, 1]
        var pair = Tensors.Cat([psi0, psi0.Roll([dim], [-2])], -2); // [Ns, Na, 4N, 1]
        var state = Encode(pair, multipliers); // [Ns, Na, 2N, rows]
        for (var i = 1; i < spec.Reuploads; ++i)
        {
            state = Encode(withSwap.Select(2, i).MatMul(state), multipliers); // via [Ns, Na, 4N, rows]
        }
        var final = r.Select(2, spec.Reuploads).MatMul(state); // [Ns, Na, 2N, rows]
        var signs = Tensors.FromArray(Gates.ZSigns(spec), [dim, spec.Outputs]).To(x.Device, x.DType);
        var observable = Tensors.Cat([signs, signs], 0).T(); // |ψ_k|² = Re² + Im²: [O, 2N]
        var result = observable.MatMul(final.Square()) // [Ns, Na, O, rows]
            .Reshape(ns, na, spec.Outputs, nb, pixels)
            .Permute(0, 1, 3, 4, 2); // [Ns, Na, Nb, P, O]
        return result.MoveToOuterScope();
    }

    /// <summary>(ψ; swap ψ) [..., 4N, rows] ∘ ((cos φ, cos φ); (sin φ, −sin φ)), halves summed: E(x)·ψ [..., 2N, rows].</summary>
    private static Tensor Encode(Tensor pair, Tensor multipliers)
    {
        var shape = pair.Shape;
        var halves = pair.View([.. shape[..^2], 2, shape[^2] / 2, shape[^1]]); // [..., 2, 2N, rows]
        return halves.Mul(multipliers).Sum(-3);
    }

    /// <summary>
    /// ((cos φ, cos φ); (sin φ, −sin φ)) per pixel, φ_k = ½·Σ_q ±x_q: the diagonal e^{−iφ_k} of E(x) = ⊗ RZ(x_q)
    /// is the Kronecker product of the RZ diagonals (e^{−ix_q/2}, e^{ix_q/2}), built by complex products from
    /// cos and sin of x_q/2 — 2n transcendental evaluations per pixel instead of 4·2ⁿ (libtorch's CPU cos is
    /// scalar). x [Ns, rows, n] → [Ns, 1, 2, 2N, rows].
    /// </summary>
    private static Tensor EncodingMultipliers(CircuitSpec spec, Tensor x)
    {
        var n = spec.Qubits;
        var (cos, sin) = Gates.RZDiagonal(x.Transpose(1, 2)); // [Ns, n, rows]
        var re = cos.Narrow(1, 0, 1).Repeat(1, 2, 1); // wire 0: (cos, cos)
        var im = Tensors.Cat([sin.Narrow(1, 0, 1).Neg(), sin.Narrow(1, 0, 1)], 1); // (−sin, sin): [Ns, 2, rows]
        for (var q = 1; q < n; ++q)
        {
            var c = cos.Narrow(1, q, 1);
            var s = sin.Narrow(1, q, 1);
            var dRe = Tensors.Cat([c, c], 1).Unsqueeze(1); // [Ns, 1, 2, rows]
            var dIm = Tensors.Cat([s.Neg(), s], 1).Unsqueeze(1);
            var (r, i) = (re.Unsqueeze(2), im.Unsqueeze(2)); // [Ns, 2^q, 1, rows]
            re = r.Mul(dRe).Sub(i.Mul(dIm)).Flatten(1, 2); // [Ns, 2^(q+1), rows]
            im = r.Mul(dIm).Add(i.Mul(dRe)).Flatten(1, 2);
        }
        // e^{−iφ} = cos φ − i·sin φ
        return Tensors.Cat([re, re, im.Neg(), im], 1)
            .View(x.Size(0), 1, 2, 2 * spec.Dimension, x.Size(1)); // [Ns, 1, 2, 2N, rows]
    }
}
