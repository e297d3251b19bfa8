using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The trainable unitaries V_i = L_{i,A}⋯L_{i,1}, L_{i,a} = C·⊗_q U3(θ_{i,a,q}), as real 2ⁿ⁺¹×2ⁿ⁺¹ matrices
/// R = [[Re V, −Im V], [Im V, Re V]] acting on stacked state vectors (Re ψ; Im ψ). Built once per batch element
/// with a handful of batched ops whatever n is: the Kronecker product of U3 gates multiplies their (signed)
/// magnitudes and adds their phases, and the CNOT chain's row permutation and the real block layout are one
/// gather of precomputed indices; then A − 1 batched matrix products chain the layers.
/// </summary>
public static class CircuitUnitaries
{
    /// <summary>θ [..., S+1, A, n, 3] → R [..., S+1, 2ⁿ⁺¹, 2ⁿ⁺¹] with ψ' = R·ψ for ψ = (Re; Im).</summary>
    public static Tensor Build(CircuitSpec spec, Tensor theta)
    {
        var n = spec.Qubits;
        var dim = spec.Dimension;
        using var scope = DisposeScope.Enter();
        var (magnitude, phase) = Gates.U3Polar(theta); // [..., S+1, A, n, 2, 2]
        var m = magnitude.Select(-3, 0);
        var p = phase.Select(-3, 0);
        for (var q = 1; q < n; ++q)
        {
            var size = 2L << q;
            var lead = m.Shape[..^2];
            // (X ⊗ U)[2i + k, 2j + l] = X[i, j]·U[k, l]: [.., d, 1, d, 1] with [.., 1, 2, 1, 2]
            m = m.Unsqueeze(-1).Unsqueeze(-3).Mul(magnitude.Select(-3, q).Unsqueeze(-2).Unsqueeze(-4))
                .Reshape([.. lead, size, size]); // [..., S+1, A, 2^(q+1), 2^(q+1)]
            p = p.Unsqueeze(-1).Unsqueeze(-3).Add(phase.Select(-3, q).Unsqueeze(-2).Unsqueeze(-4))
                .Reshape([.. lead, size, size]);
        }
        var tables = BlockTables.For(n);
        var gather = Tensors.FromArray(tables.Gather).To(theta.Device);
        var offsets = Tensors.FromArray(tables.PhaseOffsets, [2 * dim, 2 * dim]).To(theta.Device, theta.DType);
        var shape = m.Shape[..^2].Append(2 * dim).Append(2 * dim).ToArray();
        var blockMagnitude = m.Flatten(-2).IndexSelect(-1, gather).Reshape(shape); // [..., S+1, A, 2N, 2N]
        var blockPhase = p.Flatten(-2).IndexSelect(-1, gather).Reshape(shape);
        var layers = blockMagnitude.Mul(blockPhase.Add(offsets).Cos()); // R of each L_{i,a}
        var v = layers.Select(-3, 0);
        for (var a = 1; a < spec.Depth; ++a)
        {
            v = layers.Select(-3, a).MatMul(v);
        }
        return v.MoveToOuterScope(); // [..., S+1, 2N, 2N]
    }

    /// <summary>Where each entry of the real block matrix of C·K comes from in K, and its phase offset.</summary>
    private sealed record BlockTables(long[] Gather, double[] PhaseOffsets)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, BlockTables> Cache = new();

        public static BlockTables For(int qubits) => Cache.GetOrAdd(qubits, Create);

        private static BlockTables Create(int qubits)
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
            return new BlockTables(gather, offsets);
        }
    }
}
