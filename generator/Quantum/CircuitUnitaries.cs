using System.Collections.Concurrent;
using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The trainable unitaries V_i = L_{i,A}⋯L_{i,1}, L_{i,a} = C·⊗_q U3(θ_{i,a,q}), as real 2ⁿ⁺¹×2ⁿ⁺¹ matrices
/// R = [[Re V, −Im V], [Im V, Re V]] acting on stacked state vectors (Re ψ; Im ψ). Built once per batch element
/// with a handful of batched ops whatever n is: the Kronecker product of U3 gates multiplies their (signed)
/// magnitudes and adds their phases, the CNOT chain's row permutation and the real block layout are one gather
/// of precomputed indices, and A − 1 products chain the layers. Internally matrices are stored batch-last
/// ([rows, columns, …, batch]) so thousands of tiny matrices are processed in long vectorised rows.
/// </summary>
public static class CircuitUnitaries
{
    /// <summary>θ [..., S+1, A, n, 3] → R [..., S+1, 2ⁿ⁺¹, 2ⁿ⁺¹] with ψ' = R·ψ for ψ = (Re; Im).</summary>
    public static Tensor Build(CircuitSpec spec, Tensor theta)
    {
        using var scope = DisposeScope.Enter();
        var lead = theta.Shape[..^4];
        var flat = theta.Reshape([-1, .. spec.ParameterShape]); // [B, S+1, A, n, 3]
        var r = BuildBatchLast(spec, flat); // [2N, 2N, S+1, B]
        return r.Permute(3, 2, 0, 1).Reshape([.. lead, spec.Reuploads + 1, 2 * spec.Dimension, 2 * spec.Dimension])
            .MoveToOuterScope();
    }

    /// <summary>θ [B, S+1, A, n, 3] → R [2N, 2N, S+1, B] (batch-last).</summary>
    internal static Tensor BuildBatchLast(CircuitSpec spec, Tensor theta)
    {
        var n = spec.Qubits;
        var dim = spec.Dimension;
        using var scope = DisposeScope.Enter();
        // angles first, batch last: [3, S+1, A, n, B]
        var angles = theta.Permute(4, 1, 2, 3, 0);
        var tables = Tables.For(n);
        var weights = Tensors.FromArray(Tables.U3Weights, [8, 3]).To(theta.Device, theta.DType);
        var offsets = Tensors.FromArray(Tables.U3Offsets, [8, 1, 1, 1, 1]).To(theta.Device, theta.DType);
        // magnitude arguments θ/2 + β and phases 0, λ, φ, φ+λ of every gate entry: [8, S+1, A, n, B]
        var affine = weights.MatMul(angles.Reshape(3, -1)).View([8, .. angles.Shape[1..]]).Add(offsets);
        var magnitude = affine.Narrow(0, 0, 4).Cos().View([2, 2, .. angles.Shape[1..]]); // [2, 2, S+1, A, n, B]
        var phase = affine.Narrow(0, 4, 4).View([2, 2, .. angles.Shape[1..]]);
        var m = magnitude.Select(4, 0); // [2, 2, S+1, A, B]
        var p = phase.Select(4, 0);
        for (var q = 1; q < n; ++q)
        {
            var size = 2L << q;
            var rest = m.Shape[2..];
            // (X ⊗ U)[2i + k, 2j + l] = X[i, j]·U[k, l]: [d, 1, d, 1, …] with [1, 2, 1, 2, …]
            var u = magnitude.Select(4, q).Unsqueeze(0).Unsqueeze(2); // [1, 2, 1, 2, S+1, A, B]
            var v = phase.Select(4, q).Unsqueeze(0).Unsqueeze(2);
            m = m.Unsqueeze(1).Unsqueeze(3).Mul(u).Reshape([size, size, .. rest]); // [d, 1, d, 1, …]·u
            p = p.Unsqueeze(1).Unsqueeze(3).Add(v).Reshape([size, size, .. rest]);
        }
        var gather = Tensors.FromArray(tables.Gather).To(theta.Device);
        var blockOffsets = Tensors.FromArray(tables.PhaseOffsets, [4L * dim * dim, 1]).To(theta.Device, theta.DType);
        var tail = m.Shape[2..]; // [S+1, A, B]
        var flatM = m.Reshape(dim * dim, -1);
        var flatP = p.Reshape(dim * dim, -1);
        var layers = flatM.IndexSelect(0, gather).Mul(flatP.IndexSelect(0, gather).Add(blockOffsets).Cos())
            .View([2 * dim, 2 * dim, .. tail]); // R of each L_{i,a}: [2N, 2N, S+1, A, B]
        var result = layers.Select(3, 0);
        for (var a = 1; a < spec.Depth; ++a)
        {
            result = SmallMatMul.Multiply(layers.Select(3, a), result);
        }
        return result.MoveToOuterScope(); // [2N, 2N, S+1, B]
    }

    /// <summary>Constant tables: U3's affine map and, per n, where each block-matrix entry of C·K comes from.</summary>
    private sealed record Tables(long[] Gather, double[] PhaseOffsets)
    {
        // U3(θ, φ, λ) = [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]]: entry = m·e^{iα} with
        // m = cos(θ/2 + β), β = 0, π/2, −π/2, 0 and α = 0, λ, φ, φ+λ (see Gates.U3Polar).
        public static readonly double[] U3Weights =
        [
            0.5, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 0.5, 0, 0,
            0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1,
        ];

        public static readonly double[] U3Offsets = [0, Math.PI / 2, -Math.PI / 2, 0, 0, 0, 0, 0];

        private static readonly ConcurrentDictionary<int, Tables> Cache = new();

        public static Tables For(int qubits) => Cache.GetOrAdd(qubits, Create);

        private static Tables Create(int qubits)
        {
            var n = 1 << qubits;
            // (C·K)[i, :] = K[π⁻¹(i), :]; the block layout [[Re, −Im], [Im, Re]] takes cos(α), cos(α + π/2) = −sin α,
            // cos(α − π/2) = sin α, cos(α) of each entry's phase α.
            var inverse = Gates.Inverse(Gates.CnotChainPermutation(qubits));
            var gather = new long[4 * n * n];
            var offsets = new double[4 * n * n];
            for (var r = 0; r < 2 * n; ++r)
            {
                for (var c = 0; c < 2 * n; ++c)
                {
                    gather[r * 2 * n + c] = (long)inverse[r % n] * n + c % n;
                    offsets[r * 2 * n + c] = (r < n, c < n) switch
                    {
                        (true, false) => Math.PI / 2,
                        (false, true) => -Math.PI / 2,
                        _ => 0,
                    };
                }
            }
            return new Tables(gather, offsets);
        }
    }
}
