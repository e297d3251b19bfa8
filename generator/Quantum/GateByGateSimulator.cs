using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The gate-by-gate strategy: a statevector [Ns, Na, 2 (re, im), 2ⁿ, rows] (one column per pixel, so every op
/// moves long contiguous runs of pixels) to which every gate is applied in circuit order — each U3 as a real
/// 4×4 matrix on (re/im, target bit), each CNOT as a basis permutation, each RZ as a per-pixel phase on its wire.
/// Memory and time per pixel grow as n·2ⁿ instead of 4ⁿ. V_0 acts on |0…0⟩ before any pixel is involved, so it
/// runs once per batch element.
/// </summary>
internal static class GateByGateSimulator
{
    /// <summary>
    /// |ψ_k|² of the final state (what ⟨Z⟩ and finite shots are read from, see <see cref="Gates.ZExpectations"/>):
    /// θ [Ns, Na, S+1, A, n, 3], x [Ns, Nb, P, n] → [Ns, Na, 2ⁿ, rows].
    /// </summary>
    public static Tensor StateProbabilities(CircuitSpec spec, Tensor theta, Tensor x)
    {
        using var scope = DisposeScope.Enter();
        return FinalState(spec, theta, x).Square().Sum(2).MoveToOuterScope(); // [Ns, Na, N, rows]
    }

    /// <summary>ψ(x) for every pixel: [Ns, Na, 2 (re, im), 2ⁿ, rows].</summary>
    private static Tensor FinalState(CircuitSpec spec, Tensor theta, Tensor x)
    {
        var n = spec.Qubits;
        var dim = spec.Dimension;
        long ns = theta.Size(0), na = theta.Size(1), nb = x.Size(1), pixels = x.Size(2);
        // S ≥ 1, so the RZ layers give the state one column per pixel of every x batch entry: [Ns, Na, 2, N, Nb·P]
        using var scope = DisposeScope.Enter();
        var gates = RealGateMatrices(theta); // [Ns, Na, S+1, A, n, 4, 4]
        var cnots = Enumerable.Range(0, n - 1)
            .Select(q => Tensors.FromArray(Gates.Inverse(Gates.CnotPermutation(n, q, q + 1)).Select(i => (long)i).ToArray())
                .To(x.Device))
            .ToArray();
        var (rzCos, rzSin) = Gates.RZDiagonal(x.Reshape(ns, nb * pixels, n).Transpose(1, 2)); // each [Ns, n, rows]
        // RZ on (re, im) × bit: re' = a·c + b·s·σ, im' = b·c − a·s·σ with σ = +1 for bit 0, −1 for bit 1
        var rzSigns = Tensors.FromArray(new double[] { 1, -1, -1, 1 }, [2, 1, 2, 1, 1]).To(x.Device, x.DType);

        var initial = new double[2 * dim];
        initial[0] = 1;
        var state = Tensors.FromArray(initial, [1, 1, 2, dim, 1]).To(x.Device, x.DType)
            .Expand(ns, na, 2, dim, 1); // |0…0⟩: [Ns, Na, 2, N, 1]
        for (var i = 0; i <= spec.Reuploads; ++i)
        {
            if (i > 0)
            {
                for (var q = 0; q < n; ++q)
                {
                    state = ApplyRZ(state, rzCos.Select(1, q), rzSin.Select(1, q), rzSigns, q, n);
                }
            }
            for (var a = 0; a < spec.Depth; ++a)
            {
                for (var q = 0; q < n; ++q)
                {
                    state = ApplySingleQubit(state, gates.Select(2, i).Select(2, a).Select(2, q), q, n);
                }
                foreach (var cnot in cnots)
                {
                    state = state.IndexSelect(3, cnot);
                }
            }
        }
        return state.MoveToOuterScope();
    }

    /// <summary>U3 as real 4×4 matrices [[Re U, −Im U], [Im U, Re U]] on (re, im) × bit: [..., 4, 4].</summary>
    private static Tensor RealGateMatrices(Tensor theta)
    {
        var (re, im) = Gates.U3(theta); // [..., 2, 2]
        var top = Tensors.Cat([re, im.Neg()], -1);
        var bottom = Tensors.Cat([im, re], -1);
        return Tensors.Cat([top, bottom], -2);
    }

    /// <summary>state [Ns, Na, 2, N, rows], gate [Ns, Na, 4, 4] on wire q.</summary>
    private static Tensor ApplySingleQubit(Tensor state, Tensor gate, int q, int n)
    {
        long ns = state.Size(0), na = state.Size(1), rows = state.Size(4);
        long left = 1L << q, right = (1L << (n - 1 - q)) * rows;
        var v = state.Reshape(ns, na, 2, left, 2, right) // [Ns, Na, ri, L, bit, R·rows]
            .Permute(0, 1, 2, 4, 3, 5)
            .Reshape(ns, na, 4, left * right); // [Ns, Na, (ri, bit), L·R·rows]
        return gate.MatMul(v)
            .View(ns, na, 2, 2, left, right)
            .Permute(0, 1, 2, 4, 3, 5) // [Ns, Na, ri, L, bit, R·rows]
            .Reshape(ns, na, 2, 2L << (n - 1), rows);
    }

    /// <summary>RZ(x_q) on wire q: cos/sin of x_q/2 are [Ns, rows]; the state may still have one column.</summary>
    private static Tensor ApplyRZ(Tensor state, Tensor cos, Tensor sin, Tensor signs, int q, int n)
    {
        long ns = state.Size(0), na = state.Size(1), rows = state.Size(4);
        long left = 1L << q, right = 1L << (n - 1 - q);
        var allRows = Math.Max(rows, cos.Size(1));
        var v = state.Reshape(ns, na, 2, left, 2, right, rows); // [Ns, Na, ri, L, bit, R, rows]
        var c = cos.Reshape(ns, 1, 1, 1, 1, 1, allRows);
        var s = sin.Reshape(ns, 1, 1, 1, 1, 1, allRows).Mul(signs); // [Ns, 1, 2, 1, 2, 1, rows]
        var rotated = v.Mul(c).Addcmul(v.Flip(2), s);
        return rotated.Reshape(ns, na, 2, 2L << (n - 1), allRows);
    }
}
