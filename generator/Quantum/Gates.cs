using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// Gate matrices as complex tensors. Basis convention (torchquantum's): wire 0 is the most significant bit of
/// the basis index, so |q0 q1 … q_{n−1}⟩ has index Σ q_k·2^{n−1−k}.
/// </summary>
public static class Gates
{
    /// <summary>U3(θ, φ, λ) = [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]] for angles [..., 3].</summary>
    public static Tensor U3(Tensor angles)
    {
        var parts = angles.Unbind(-1);
        var (theta, phi, lambda) = (parts[0], parts[1], parts[2]);
        var c = theta.Mul(0.5).Cos();
        var s = theta.Mul(0.5).Sin();
        var zero = Tensors.ZerosLike(c);
        var m00 = Tensors.Complex(c, zero);
        var m01 = Tensors.Complex(lambda.Cos().Mul(s).Neg(), lambda.Sin().Mul(s).Neg());
        var m10 = Tensors.Complex(phi.Cos().Mul(s), phi.Sin().Mul(s));
        var sum = phi.Add(lambda);
        var m11 = Tensors.Complex(sum.Cos().Mul(c), sum.Sin().Mul(c));
        var row0 = Tensors.Stack([m00, m01], -1);
        var row1 = Tensors.Stack([m10, m11], -1);
        return Tensors.Stack([row0, row1], -2); // [..., 2, 2]
    }

    /// <summary>RZ(α) = diag(e^{−iα/2}, e^{iα/2}) for angles [...].</summary>
    public static Tensor RZ(Tensor alpha)
    {
        var half = alpha.Mul(0.5);
        var zero = Tensors.ZerosLike(alpha);
        var a = Tensors.Complex(half.Cos(), half.Sin().Neg());
        var b = Tensors.Complex(half.Cos(), half.Sin());
        var za = Tensors.Complex(zero, zero);
        return Tensors.Stack([Tensors.Stack([a, za], -1), Tensors.Stack([za, b], -1)], -2);
    }

    /// <summary>Kronecker product of batched square matrices: [..., m, m] ⊗ [..., k, k] → [..., mk, mk].</summary>
    public static Tensor Kron(Tensor a, Tensor b)
    {
        var m = a.Size(-1);
        var k = b.Size(-1);
        var outer = a.Unsqueeze(-1).Unsqueeze(-3).Mul(b.Unsqueeze(-2).Unsqueeze(-4)); // [..., m, k, m, k]: (i, p, j, r)
        var shape = outer.Shape[..^4].Concat(new[] { m * k, m * k }).ToArray();
        return outer.Reshape(shape);
    }

    /// <summary>
    /// The CNOT chain as a basis permutation: C|b⟩ = |f(b)⟩ with CNOT(0→1) applied first, then CNOT(1→2), ….
    /// Returns f as an index array.
    /// </summary>
    public static long[] CnotChain(int qubits)
    {
        var d = 1 << qubits;
        var f = new long[d];
        for (var b = 0; b < d; ++b)
        {
            var s = b;
            for (var q = 0; q < qubits - 1; ++q)
            {
                if (Bit(s, q, qubits) == 1)
                {
                    s ^= 1 << (qubits - 2 - q); // flip wire q+1
                }
            }
            f[b] = s;
        }
        return f;
    }

    /// <summary>The value of wire <paramref name="wire"/> in basis index <paramref name="index"/>.</summary>
    public static int Bit(int index, int wire, int qubits) => (index >> (qubits - 1 - wire)) & 1;

    /// <summary>z_q(b) = +1 when wire q of basis state b is 0, −1 when it is 1, as [n, 2ⁿ] (dtype as given).</summary>
    public static Tensor ZSigns(int qubits, ScalarType dtype, Device device)
    {
        var d = 1 << qubits;
        var z = new double[qubits * d];
        for (var q = 0; q < qubits; ++q)
        {
            for (var b = 0; b < d; ++b)
            {
                z[q * d + b] = Bit(b, q, qubits) == 0 ? 1 : -1;
            }
        }
        return Tensors.FromArray(z, [qubits, d]).To(device, dtype);
    }
}
