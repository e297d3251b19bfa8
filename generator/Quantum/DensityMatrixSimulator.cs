using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The QIREN circuit (DESIGN.md §4, <see cref="Ansatz.U3CnotChain"/>) on a noisy device: a density matrix ρ per
/// pixel, [Ns, Na, Nb, P, 2ⁿ, 2ⁿ] as real and imaginary parts, every gate applied as ρ → GρG† followed by the
/// channels of <see cref="NoiseModel"/> (see there for where each acts), readout flips on the final outcome
/// distribution. Cost per pixel O(gates·8ⁿ) instead of the statevector's O(gates·2ⁿ): meant for the GAN's
/// 2-qubit circuits, general in n. With <see cref="NoiseModel.None"/> it reproduces the exact simulators
/// (tests: 1e-12 in float64). Plain differentiable tensor ops, so a noise-aware model can be trained through it.
/// </summary>
public static class DensityMatrixSimulator
{
    /// <summary>
    /// Measured outcome probabilities (computational basis, all wires) of the circuit per pixel, with noise.
    /// θ and x as in <see cref="QuantumCircuit.Evaluate"/>; returns [*broadcast batch, P, 2ⁿ].
    /// </summary>
    public static Tensor Probabilities(CircuitSpec spec, Tensor theta, Tensor x, NoiseModel noise)
    {
        spec.Validate();
        noise.Validate();
        if (spec.Ansatz != Ansatz.U3CnotChain)
        {
            throw new ArgumentException($"DensityMatrixSimulator: only the U3 + CNOT-chain ansatz is supported, got {spec.Ansatz}");
        }
        var probe = QuantumCircuit.CheckShapes(spec, theta, x);
        var layout = new BatchLayout(theta.Shape[..probe], x.Shape[..probe]);
        using var scope = DisposeScope.Enter();
        var canonical = Run(spec, layout.CanonicalTheta(theta), layout.CanonicalX(x), noise); // [Ns, Na, Nb, P, 2ⁿ]
        return layout.Restore(canonical).MoveToOuterScope();
    }

    /// <summary>⟨O⟩ per pixel with noise (probabilities times the Z signs of the measured wires): [*batch, P, Outputs].</summary>
    public static Tensor Evaluate(CircuitSpec spec, Tensor theta, Tensor x, NoiseModel noise)
    {
        using var scope = DisposeScope.Enter();
        var probabilities = Probabilities(spec, theta, x, noise);
        return ExpectationFromProbabilities(spec, probabilities).MoveToOuterScope();
    }

    /// <summary>Probabilities [..., 2ⁿ] → ⟨Z⟩ of the measured wires [..., Outputs].</summary>
    public static Tensor ExpectationFromProbabilities(CircuitSpec spec, Tensor probabilities)
    {
        var signs = Tensors.FromArray(Gates.ZSigns(spec), [spec.Dimension, spec.Outputs])
            .To(probabilities.Device, probabilities.DType);
        return probabilities.MatMul(signs);
    }

    /// <summary>θ [Ns, Na, S+1, A, n, 3], x [Ns, Nb, P, n] → probabilities [Ns, Na, Nb, P, 2ⁿ].</summary>
    private static Tensor Run(CircuitSpec spec, Tensor theta, Tensor x, NoiseModel noise)
    {
        int n = spec.Qubits, dim = spec.Dimension;
        long ns = x.Size(0), nb = x.Size(1), pixels = x.Size(2);
        using var scope = DisposeScope.Enter();
        var (u3Re, u3Im) = Gates.U3(theta); // [Ns, Na, S+1, A, n, 2, 2]
        var initial = new double[dim * dim];
        initial[0] = 1;
        // |0…0⟩⟨0…0|, not yet per pixel: V_0 (and its noise) runs once per circuit. [Ns, Na, 1, 1, N, N]
        var zero = Tensors.FromArray(initial, [1, 1, 1, 1, dim, dim]).To(x.Device, x.DType);
        var rho = new DensityMatrix(zero, Tensors.ZerosLike(zero));
        var cos = x.Cos().View(ns, 1, nb, pixels, n, 1, 1); // per-pixel RZ factors, broadcast over Na and ρ's entries
        var sin = x.Sin().View(ns, 1, nb, pixels, n, 1, 1);
        for (var i = 0; i <= spec.Reuploads; ++i)
        {
            if (i > 0)
            {
                for (var q = 0; q < n; ++q)
                {
                    rho = ApplyRZ(rho, cos.Select(4, q), sin.Select(4, q), q, n);
                    rho = SingleQubitNoise(rho, q, n, noise);
                }
            }
            for (var a = 0; a < spec.Depth; ++a)
            {
                for (var q = 0; q < n; ++q)
                {
                    var uRe = u3Re.Select(2, i).Select(2, a).Select(2, q); // [Ns, Na, 2, 2]
                    var uIm = u3Im.Select(2, i).Select(2, a).Select(2, q);
                    rho = ApplySingleQubit(rho, uRe, uIm, q, n);
                    rho = SingleQubitNoise(rho, q, n, noise);
                }
                for (var q = 0; q + 1 < n; ++q)
                {
                    var inverse = Gates.Inverse(Gates.CnotPermutation(n, q, q + 1)).Select(k => (long)k).ToArray();
                    var index = Tensors.FromArray(inverse).To(x.Device);
                    // (CρC†)[i, j] = ρ[π⁻¹(i), π⁻¹(j)]
                    rho = new DensityMatrix(rho.Re.IndexSelect(-2, index).IndexSelect(-1, index),
                        rho.Im.IndexSelect(-2, index).IndexSelect(-1, index));
                    rho = NoiseChannels.Depolarize2(rho, q, q + 1, n, noise.Depol2);
                    foreach (var wire in new[] { q, q + 1 })
                    {
                        rho = NoiseChannels.AmplitudeDamp(rho, wire, n, noise.AmplitudeDamping);
                        rho = NoiseChannels.PhaseDamp(rho, wire, n, noise.PhaseDamping);
                    }
                }
            }
        }
        var probabilities = NoiseChannels.ReadoutFlip(NoiseChannels.Diagonal(rho), n, noise.Readout); // [Ns, Na, Nb, P, N]
        return probabilities.MoveToOuterScope();
    }

    private static DensityMatrix SingleQubitNoise(DensityMatrix rho, int wire, int qubits, NoiseModel noise)
    {
        rho = NoiseChannels.Depolarize1(rho, wire, qubits, noise.Depol1);
        rho = NoiseChannels.AmplitudeDamp(rho, wire, qubits, noise.AmplitudeDamping);
        return NoiseChannels.PhaseDamp(rho, wire, qubits, noise.PhaseDamping);
    }

    /// <summary>
    /// RZ(x) on a wire: diag(e^{−ix/2}, e^{ix/2}), so ρ_jk gains e^{ix(b_j − b_k)}: the factor is
    /// cos x·|d| + (1 − |d|) + i·sin x·d with d = b_j − b_k ∈ {−1, 0, 1}.
    /// </summary>
    private static DensityMatrix ApplyRZ(DensityMatrix rho, Tensor cos, Tensor sin, int wire, int qubits)
    {
        var dim = 1 << qubits;
        var d = new double[dim * dim];
        var abs = new double[dim * dim];
        for (var j = 0; j < dim; ++j)
        {
            for (var k = 0; k < dim; ++k)
            {
                d[j * dim + k] = Gates.Bit(j, wire, qubits) - Gates.Bit(k, wire, qubits);
                abs[j * dim + k] = Math.Abs(d[j * dim + k]);
            }
        }
        var dT = Tensors.FromArray(d, [dim, dim]).To(cos.Device, cos.DType);
        var absT = Tensors.FromArray(abs, [dim, dim]).To(cos.Device, cos.DType);
        var fRe = cos.Sub(1).Mul(absT).Add(1); // [Ns, 1, Nb, P, N, N]
        var fIm = sin.Mul(dT);
        return new DensityMatrix(rho.Re.Mul(fRe).Sub(rho.Im.Mul(fIm)), rho.Re.Mul(fIm).Add(rho.Im.Mul(fRe)));
    }

    /// <summary>
    /// ρ → KρK† with K = I ⊗ U ⊗ I the 2ⁿ×2ⁿ embedding of a 2×2 gate U [Ns, Na, 2, 2] on one wire:
    /// K[j, k] = U[b_j, b_k] when j and k agree on every other wire, else 0 (one gather and a mask).
    /// </summary>
    private static DensityMatrix ApplySingleQubit(DensityMatrix rho, Tensor uRe, Tensor uIm, int wire, int qubits)
    {
        var dim = 1 << qubits;
        var gather = new long[dim * dim];
        var mask = new double[dim * dim];
        var others = ~(1 << (qubits - 1 - wire));
        for (var j = 0; j < dim; ++j)
        {
            for (var k = 0; k < dim; ++k)
            {
                gather[j * dim + k] = 2 * Gates.Bit(j, wire, qubits) + Gates.Bit(k, wire, qubits);
                mask[j * dim + k] = (j & others) == (k & others) ? 1 : 0;
            }
        }
        var index = Tensors.FromArray(gather).To(uRe.Device);
        var maskT = Tensors.FromArray(mask, [dim, dim]).To(uRe.Device, uRe.DType);
        long ns = uRe.Size(0), na = uRe.Size(1);
        Tensor Embed(Tensor u) => u.Reshape(ns, na, 4).IndexSelect(-1, index).View(ns, na, 1, 1, dim, dim).Mul(maskT);
        var kRe = Embed(uRe); // [Ns, Na, 1, 1, N, N]
        var kIm = Embed(uIm);
        // M = Kρ, then ρ' = M·K† with K† = Kreᵀ − i·Kimᵀ
        var mRe = kRe.MatMul(rho.Re).Sub(kIm.MatMul(rho.Im));
        var mIm = kRe.MatMul(rho.Im).Add(kIm.MatMul(rho.Re));
        var kReT = kRe.Transpose(-2, -1);
        var kImT = kIm.Transpose(-2, -1);
        return new DensityMatrix(mRe.MatMul(kReT).Add(mIm.MatMul(kImT)), mIm.MatMul(kReT).Sub(mRe.MatMul(kImT)));
    }
}
