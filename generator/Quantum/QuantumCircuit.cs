using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// Exact batched simulation of the re-uploading circuit of <see cref="CircuitSpec"/>, in plain complex tensor
/// ops so autograd works to any order. Unlike the official QIREN code (torchquantum), per-circuit parameters are
/// broadcast over pixels, never copied per pixel.
/// </summary>
public static class QuantumCircuit
{
    /// <summary>
    /// Expectations for θ [*batchA, S+1, A, n, 3] and encoding angles x [*batchB, P, n] (batch dims of equal rank
    /// that broadcast) → [*batch, P, outputs].
    /// </summary>
    public static Tensor Evaluate(CircuitSpec spec, Tensor theta, Tensor x)
    {
        spec.Validate();
        var n = spec.Qubits;
        var expected = spec.ThetaShape;
        if (theta.Dim < 4 || !theta.Shape[^4..].SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"QuantumCircuit: θ must be [*, {string.Join(", ", expected)}], got [{string.Join(", ", theta.Shape)}]");
        }
        if (x.Dim < 2 || x.Size(-1) != n || x.Dim - 2 != theta.Dim - 4)
        {
            throw new ArgumentException(
                $"QuantumCircuit: x must be [*, P, {n}] with as many batch dims as θ ({theta.Dim - 4}), got [{string.Join(", ", x.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        var zs = Gates.ZSigns(n, x.DType, x.Device);            // [n, 2^n]
        var angle = x.MatMul(zs).Mul(-0.5);                    // [*B, P, 2^n]: E(x) = diag(e^{−i/2 Σ_q z_q x_q})
        var phase = Tensors.Complex(angle.Cos(), angle.Sin());
        var u3 = Gates.U3(theta.To(x.DType));                  // [*A, S+1, A, n, 2, 2]
        var inverse = Inverse(Gates.CnotChain(n));
        var perm = Tensors.FromArray(inverse).To(x.Device);
        var psi = spec.Resolved == SimulationStrategy.Folded
            ? Folded(spec, u3, phase, perm)
            : GateByGate(spec, u3, phase, perm);
        var probs = psi.ViewAsReal().Square().Sum(-1);         // [*, P, 2^n]
        var observable = spec.Observable == Observable.ZOnWire0 ? zs.Narrow(0, 0, 1) : zs;
        return probs.MatMul(observable.T()).MoveToOuterScope(); // [*, P, outputs]
    }

    // V_i as 2^n×2^n matrices per circuit (B of them, not B·P), then per re-upload: phases, one batched product.
    private static Tensor Folded(CircuitSpec spec, Tensor u3, Tensor phase, Tensor perm)
    {
        var n = spec.Qubits;
        Tensor? v = null;
        for (var a = 0; a < spec.Depth; ++a)
        {
            var layer = u3.Select(-4, a);                      // [*A, S+1, n, 2, 2]
            var k = layer.Select(-3, 0);
            for (var q = 1; q < n; ++q)
            {
                k = Gates.Kron(k, layer.Select(-3, q));        // wire 0 is the most significant factor
            }
            var l = k.IndexSelect(-2, perm);                   // C·⊗U3: (C·M)[r] = M[f⁻¹(r)]
            v = v is null ? l : l.MatMul(v);                   // [*A, S+1, 2^n, 2^n]
        }
        var psi = v!.Select(-3, 0).Select(-1, 0).Unsqueeze(-2); // V_0|0⟩: [*A, 1, 2^n]
        if (spec.Reuploads == 0)
        {
            return psi.Mul(Tensors.OnesLike(phase));
        }
        for (var i = 1; i <= spec.Reuploads; ++i)
        {
            psi = psi.Mul(phase).MatMul(v.Select(-3, i).Transpose(-1, -2)); // [*, P, 2^n]
        }
        return psi;
    }

    // A statevector [*, P, 2^n], each U3 contracted on its wire, the CNOT chain as an index permutation.
    private static Tensor GateByGate(CircuitSpec spec, Tensor u3, Tensor phase, Tensor perm)
    {
        var n = spec.Qubits;
        var d = spec.Dimension;
        var basis = new float[2 * d];
        basis[0] = 1;
        var psi = Tensors.FromArray(basis, [d, 2]).To(phase.Device, u3.DType == ScalarType.Complex128 ? ScalarType.Float64 : ScalarType.Float32)
            .ViewAsComplex();
        var rank = phase.Dim - 2;
        psi = psi.Reshape(Enumerable.Repeat(1L, rank + 1).Append(d).ToArray()); // [1…, 1, 2^n]
        for (var i = 0; i <= spec.Reuploads; ++i)
        {
            if (i > 0)
            {
                psi = psi.Mul(phase);
            }
            var block = u3.Select(-5, i);                      // [*A, A, n, 2, 2]
            for (var a = 0; a < spec.Depth; ++a)
            {
                var layer = block.Select(-4, a);               // [*A, n, 2, 2]
                for (var q = 0; q < n; ++q)
                {
                    psi = ApplyOneQubit(psi, layer.Select(-3, q), q, n);
                }
                psi = psi.IndexSelect(-1, perm);
            }
        }
        return psi;
    }

    private static Tensor ApplyOneQubit(Tensor psi, Tensor u, int wire, int n)
    {
        var shape = psi.Shape;
        var left = 1L << wire;
        var right = 1L << (n - 1 - wire);
        var split = shape[..^1].Concat(new[] { left, 2L, right }).ToArray();
        var r = psi.Reshape(split);                            // [*, P, 2^q, 2, 2^(n−q−1)]
        var ub = u.Unsqueeze(-3).Unsqueeze(-3);                // [*A, 1, 1, 2, 2]
        var result = ub.MatMul(r);
        return result.Reshape(result.Shape[..^3].Append(1L << n).ToArray());
    }

    private static long[] Inverse(long[] f)
    {
        var inv = new long[f.Length];
        for (var b = 0; b < f.Length; ++b)
        {
            inv[f[b]] = b;
        }
        return inv;
    }
}
