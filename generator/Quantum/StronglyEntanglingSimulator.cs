using System.Collections.Concurrent;
using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// Exact statevector simulation of the <see cref="Ansatz.StronglyEntangling"/> circuit family: the circuit of the
/// official QIREN signal experiments (GGorMM1/QIREN qinr/modules.py: for each re-upload
/// StronglyEntanglingLayers(weights1[i], imprimitive CZ) then RZ(x_j) on every wire j; finally
/// StronglyEntanglingLayers(weights2); ⟨Z_j⟩ on every wire). θ[i] is weights1[i] for i &lt; S and θ[S] is weights2.
/// <para>
/// The wires are split into a high group (wires 0..a−1, a = ⌊n/2⌋) and a low group (the rest), so a basis index is
/// k = h·2^b + l and the state of one input is a 2^a×2^b complex matrix. A layer of Rot gates is the Kronecker
/// product K_A ⊗ K_B of two small matrices, applied as two real matrix products shared by every pixel (for n = 8:
/// two 32×32 products per pixel instead of one 512×512); the CZ ring is a ±1 diagonal and the RZ encoding a
/// per-pixel phase, both elementwise. V_0|0…0⟩ does not depend on x and is computed once. Per pixel
/// O(S·A·(2^a + 2^b)·2ⁿ); plain differentiable tensor ops, so autograd gives exact gradients to any order.
/// </para>
/// State layout: [Ns, Na, 2^a, 2 (Re, Im), 2^b, R] with R = Nb·P rows (1 before the first encoding).
/// </summary>
internal static class StronglyEntanglingSimulator
{
    /// <summary>
    /// |ψ_k|² of the final state (what ⟨Z⟩ and finite shots are read from, see <see cref="Gates.ZExpectations"/>):
    /// θ [Ns, Na, S+1, A, n, 3] (Rot angles φ, θ, ω), x [Ns, Nb, P, n] → [Ns, Na, 2ⁿ, R], R = Nb·P.
    /// </summary>
    public static Tensor StateProbabilities(CircuitSpec spec, Tensor theta, Tensor x)
    {
        var n = spec.Qubits;
        var high = n / 2;
        var low = n - high;
        long dimHigh = 1L << high, dimLow = 1L << low;
        long ns = theta.Size(0), na = theta.Size(1), nb = x.Size(1), pixels = x.Size(2);
        using var scope = DisposeScope.Enter();
        var tables = Tables.For(n, spec.Depth);
        var (phaseCos, phaseSin) = EncodingPhase(x.Reshape(ns, nb * pixels, n), high, dimHigh, dimLow); // [Ns, 1, 2^a, 2^b, R]

        // |0…0⟩: amplitude 1 at h = 0, Re, l = 0
        var basis = new double[dimHigh * 2 * dimLow];
        basis[0] = 1;
        var state = Tensors.FromArray(basis, [1, 1, dimHigh, 2, dimLow, 1]).To(theta.Device, theta.DType)
            .Expand(ns, na, dimHigh, 2, dimLow, 1);
        for (var i = 0; i <= spec.Reuploads; ++i)
        {
            state = ApplyBlock(spec, tables, theta.Select(2, i), state, high, dimHigh, dimLow, last: i == spec.Reuploads);
            if (i < spec.Reuploads)
            {
                state = Encode(state, phaseCos, phaseSin);
            }
        }
        return state.Square().Sum(3).Reshape(ns, na, spec.Dimension, nb * pixels).MoveToOuterScope(); // |ψ_k|²: [Ns, Na, 2ⁿ, R]
    }

    /// <summary>
    /// V_i = L_A⋯L_1 applied to the state: each layer is Rot on every wire (K_A on the high group, K_B on the low
    /// one), then the CZ ring's signs. The circuit's very last CZs are skipped: a ±1 diagonal just before the measurement does not change |ψ_k|².
    /// </summary>
    private static Tensor ApplyBlock(CircuitSpec spec, Tables tables, Tensor angles, Tensor state, int high, long dimHigh,
        long dimLow, bool last)
    {
        // angles [Ns, Na, A, n, 3]; state [Ns, Na, 2^a, 2, 2^b, R]
        long ns = state.Size(0), na = state.Size(1), rows = state.Size(5);
        var n = spec.Qubits;
        for (var a = 0; a < spec.Depth; ++a)
        {
            var layer = angles.Select(2, a); // [Ns, Na, n, 3]
            if (high > 0)
            {
                var (re, im) = RotKronecker(layer.Narrow(2, 0, high)); // [Ns, Na, 2^a, 2^a]
                var blockHigh = Tensors.Stack([Tensors.Stack([re, im.Neg()], 2), Tensors.Stack([im, re], 2)], 2) // [Ns, Na, c', c, h', h]
                    .Permute(0, 1, 4, 2, 5, 3).Reshape(ns, na, 2 * dimHigh, 2 * dimHigh); // [(h', c'), (h, c)]
                state = blockHigh.MatMul(state.Reshape(ns, na, 2 * dimHigh, dimLow * rows)); // [Ns, Na, 2^a·2, 2^b·R]
            }
            var (lowRe, lowIm) = RotKronecker(layer.Narrow(2, high, n - high)); // [Ns, Na, 2^b, 2^b]
            var blockLow = Tensors.Stack([Tensors.Stack([lowRe, lowIm.Neg()], 2), Tensors.Stack([lowIm, lowRe], 2)], 2) // [Ns, Na, c', c, l', l]
                .Permute(0, 1, 2, 4, 3, 5).Reshape(ns, na, 1, 2 * dimLow, 2 * dimLow); // [(c', l'), (c, l)]
            state = blockLow.MatMul(state.Reshape(ns, na, dimHigh, 2 * dimLow, rows)) // [Ns, Na, 2^a, 2·2^b, R]
                .Reshape(ns, na, dimHigh, 2, dimLow, rows);
            var signs = tables.CzSigns[a];
            if (signs is not null && !(last && a == spec.Depth - 1))
            {
                state = state.Mul(Tensors.FromArray(signs, [dimHigh, 1, dimLow, 1]).To(state.Device, state.DType));
            }
        }
        return state;
    }

    /// <summary>
    /// ⊗_q Rot(φ_q, θ_q, ω_q) over the wires of angles [..., g, 3] (first wire most significant): real and imaginary
    /// parts [..., 2^g, 2^g]. Rot = RZ(ω)·RY(θ)·RZ(φ) = [[e^{−i(φ+ω)/2} c, −e^{i(φ−ω)/2} s], [e^{−i(φ−ω)/2} s, e^{i(φ+ω)/2} c]]
    /// with c, s = cos θ/2, sin θ/2: each entry is a signed magnitude times a phase, so the Kronecker product
    /// multiplies magnitudes and adds phases, and cos/sin are taken once at the end.
    /// </summary>
    internal static (Tensor Re, Tensor Im) RotKronecker(Tensor angles)
    {
        using var scope = DisposeScope.Enter();
        var weights = Tensors.FromArray(RotWeights, [8, 3]).To(angles.Device, angles.DType);
        var offsets = Tensors.FromArray(RotOffsets).To(angles.Device, angles.DType);
        var affine = Functional.Linear(angles, weights, offsets); // [..., g, 8]
        var lead = angles.Shape[..^2];
        var wires = angles.Size(-2);
        var magnitude = affine.Narrow(-1, 0, 4).Cos().Reshape([.. lead, wires, 2, 2]);
        var phase = affine.Narrow(-1, 4, 4).Reshape([.. lead, wires, 2, 2]);
        var m = magnitude.Select(-3, 0); // [..., 2, 2]
        var p = phase.Select(-3, 0);
        for (var q = 1; q < wires; ++q)
        {
            var size = 2L << q;
            // (X ⊗ U)[2i + k, 2j + l] = X[i, j]·U[k, l]
            var u = magnitude.Select(-3, q).Unsqueeze(-2).Unsqueeze(-4); // [..., 1, 2, 1, 2]
            var v = phase.Select(-3, q).Unsqueeze(-2).Unsqueeze(-4);
            m = m.Unsqueeze(-1).Unsqueeze(-3).Mul(u).Reshape([.. lead, size, size]); // [..., d, 1, d, 1]·u
            p = p.Unsqueeze(-1).Unsqueeze(-3).Add(v).Reshape([.. lead, size, size]);
        }
        return (m.Mul(p.Cos()).MoveToOuterScope(), m.Mul(p.Sin()).MoveToOuterScope());
    }

    // Rows: the magnitude arguments θ/2 + β (β = 0, π/2, −π/2, 0 → cos, −sin, sin, cos), then the phases
    // −(φ+ω)/2, (φ−ω)/2, (ω−φ)/2, (φ+ω)/2; columns (φ, θ, ω).
    private static readonly double[] RotWeights =
    [
        0, 0.5, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 0.5, 0,
        -0.5, 0, -0.5, 0.5, 0, -0.5, -0.5, 0, 0.5, 0.5, 0, 0.5,
    ];

    private static readonly double[] RotOffsets = [0, Math.PI / 2, -Math.PI / 2, 0, 0, 0, 0, 0];

    /// <summary>
    /// e^{iφ_k} of E(x) = ⊗ RZ(x_q) per row: φ_k = Σ_q ∓x_q/2 (− for bit 0, + for bit 1) = φ_h + φ_l, the two
    /// groups' phases; cos and sin of the sum from those of the parts (2^a + 2^b transcendental pairs per row).
    /// x [Ns, R, n] → cos, sin [Ns, 1, 2^a, 2^b, R].
    /// </summary>
    private static (Tensor Cos, Tensor Sin) EncodingPhase(Tensor x, int high, long dimHigh, long dimLow)
    {
        using var scope = DisposeScope.Enter();
        var n = (int)x.Size(-1);
        var highPhase = x.Narrow(-1, 0, high).MatMul(HalfSigns(high, x)).Transpose(1, 2).Unsqueeze(2); // [Ns, 2^a, 1, R]
        var lowPhase = x.Narrow(-1, high, n - high).MatMul(HalfSigns(n - high, x)).Transpose(1, 2).Unsqueeze(1); // [Ns, 1, 2^b, R]
        var (ch, sh) = (highPhase.Cos(), highPhase.Sin());
        var (cl, sl) = (lowPhase.Cos(), lowPhase.Sin());
        var cos = ch.Mul(cl).Sub(sh.Mul(sl)).Unsqueeze(1); // [Ns, 1, 2^a, 2^b, R]
        var sin = sh.Mul(cl).Add(ch.Mul(sl)).Unsqueeze(1);
        return (cos.MoveToOuterScope(), sin.MoveToOuterScope());
    }

    /// <summary>[g, 2^g]: ±½ by the bit of wire q in basis state k of g wires (wire 0 most significant).</summary>
    private static Tensor HalfSigns(int wires, Tensor like)
    {
        var count = 1 << wires;
        var table = new double[wires * count];
        for (var q = 0; q < wires; ++q)
        {
            for (var k = 0; k < count; ++k)
            {
                table[q * count + k] = Gates.Bit(k, q, wires) == 1 ? 0.5 : -0.5;
            }
        }
        return Tensors.FromArray(table, [wires, count]).To(like.Device, like.DType);
    }

    /// <summary>state · e^{iφ}: (re·c − im·s) + i(re·s + im·c); a 1-row state broadcasts to every row.</summary>
    private static Tensor Encode(Tensor state, Tensor cos, Tensor sin)
    {
        var re = state.Select(3, 0); // [Ns, Na, 2^a, 2^b, R]
        var im = state.Select(3, 1);
        return Tensors.Stack([re.Mul(cos).Sub(im.Mul(sin)), re.Mul(sin).Add(im.Mul(cos))], 3); // [Ns, Na, 2^a, 2, 2^b, R]
    }

    /// <summary>Per layer a of a block, the ±1 diagonal of its CZ ring (null when it is the identity).</summary>
    private sealed record Tables(double[]?[] CzSigns)
    {
        private static readonly ConcurrentDictionary<(int, int), Tables> Cache = new();

        public static Tables For(int qubits, int depth) => Cache.GetOrAdd((qubits, depth), Create);

        private static Tables Create((int Qubits, int Depth) key)
        {
            var (n, depth) = key;
            var signs = new double[]?[depth];
            for (var a = 0; a < depth && n > 1; ++a)
            {
                var range = Range(a, n);
                var diagonal = new double[1 << n];
                for (var k = 0; k < diagonal.Length; ++k)
                {
                    var parity = 0;
                    for (var i = 0; i < n; ++i)
                    {
                        parity ^= Gates.Bit(k, i, n) & Gates.Bit(k, (i + range) % n, n);
                    }
                    diagonal[k] = 1 - 2 * parity;
                }
                // n = 2, or n even with r = n/2, applies every CZ twice: the identity.
                signs[a] = diagonal.All(d => d == 1) ? null : diagonal;
            }
            return new Tables(signs);
        }
    }

    /// <summary>PennyLane's default range of StronglyEntanglingLayers layer a on n &gt; 1 wires: (a mod (n − 1)) + 1.</summary>
    public static int Range(int layer, int qubits) => layer % (qubits - 1) + 1;
}
