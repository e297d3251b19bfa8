using System.Collections.Concurrent;
using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// A batch of n-qubit density matrices ρ as real and imaginary parts, each [..., 2ⁿ, 2ⁿ] (basis states numbered
/// with wire 0 as the most significant bit, as everywhere in this folder).
/// </summary>
public readonly record struct DensityMatrix(Tensor Re, Tensor Im);

/// <summary>
/// Quantum channels on <see cref="DensityMatrix"/> batches (Nielsen &amp; Chuang §8.3), written as gathers and
/// elementwise products with constant tables so that they are ordinary differentiable real tensor ops (gradients
/// of a noisy circuit flow through them like through the gates).
/// </summary>
public static class NoiseChannels
{
    /// <summary>
    /// ρ → (1−p)ρ + p·Tr_q(ρ)⊗I/2 on <paramref name="wire"/>. Uses Tr_q(ρ)⊗I/2 = ¼Σ_{P∈{I,X,Y,Z}} PρP and
    /// YρY = X(ZρZ)X, so ¼(A + XAX) with A = ρ + ZρZ.
    /// </summary>
    public static DensityMatrix Depolarize1(DensityMatrix rho, int wire, int qubits, double p) =>
        p == 0 ? rho : Mix(rho, Twirl(rho, wire, qubits), 1 - p, p / 4);

    /// <summary>ρ → (1−p)ρ + p·Tr_ab(ρ)⊗I/4 on two wires: the two single-wire Pauli twirls composed, /16.</summary>
    public static DensityMatrix Depolarize2(DensityMatrix rho, int wireA, int wireB, int qubits, double p) =>
        p == 0 ? rho : Mix(rho, Twirl(Twirl(rho, wireA, qubits), wireB, qubits), 1 - p, p / 16);

    /// <summary>
    /// Amplitude damping with γ: Kraus K₀ = diag(1, √(1−γ)), K₁ = √γ·|0⟩⟨1| on the wire, so
    /// ρ' = ρ∘(f_j f_k) + γ·(XρX)∘[b_j = b_k = 0] with f = 1 for bit 0 and √(1−γ) for bit 1.
    /// </summary>
    public static DensityMatrix AmplitudeDamp(DensityMatrix rho, int wire, int qubits, double gamma)
    {
        if (gamma == 0)
        {
            return rho;
        }
        var t = Tables.For(qubits, wire);
        var keep = Constant(t.AmplitudeKeep(gamma), rho.Re);
        var decay = Constant(t.BothZero, rho.Re).Mul(gamma);
        var flipped = Flip(rho, t.Flip, rho.Re.Device);
        return new DensityMatrix(rho.Re.Mul(keep).Add(flipped.Re.Mul(decay)), rho.Im.Mul(keep).Add(flipped.Im.Mul(decay)));
    }

    /// <summary>Phase damping with λ: Kraus diag(1, √(1−λ)) and diag(0, √λ); coherences across the wire scale by √(1−λ).</summary>
    public static DensityMatrix PhaseDamp(DensityMatrix rho, int wire, int qubits, double lambda)
    {
        if (lambda == 0)
        {
            return rho;
        }
        var t = Tables.For(qubits, wire);
        var factor = Constant(t.Dephase(lambda), rho.Re);
        return new DensityMatrix(rho.Re.Mul(factor), rho.Im.Mul(factor));
    }

    /// <summary>
    /// Readout bit flips on measured outcome probabilities [..., 2ⁿ]: each wire's bit is reported flipped with
    /// probability ε, independently: p' = (1−ε)p + ε·p∘X_q for every wire q.
    /// </summary>
    public static Tensor ReadoutFlip(Tensor probabilities, int qubits, double epsilon)
    {
        if (epsilon == 0)
        {
            return probabilities;
        }
        var result = probabilities;
        for (var q = 0; q < qubits; ++q)
        {
            var flip = Tensors.FromArray(Tables.For(qubits, q).Flip).To(probabilities.Device);
            result = result.Mul(1 - epsilon).Add(result.IndexSelect(-1, flip).Mul(epsilon));
        }
        return result;
    }

    /// <summary>The outcome probabilities: the diagonal of Re ρ, [..., 2ⁿ].</summary>
    public static Tensor Diagonal(DensityMatrix rho)
    {
        var dim = rho.Re.Size(-1);
        var indices = Tensors.FromArray(Enumerable.Range(0, (int)dim).Select(j => j * dim + j).ToArray()).To(rho.Re.Device);
        return rho.Re.Flatten(-2, -1).IndexSelect(-1, indices); // [..., 2ⁿ]
    }

    /// <summary>Σ_P PρP over the Paulis of one wire (= 2·Tr_q(ρ)⊗I).</summary>
    private static DensityMatrix Twirl(DensityMatrix rho, int wire, int qubits)
    {
        var t = Tables.For(qubits, wire);
        var signs = Constant(t.ZSigns, rho.Re);
        var a = new DensityMatrix(rho.Re.Add(rho.Re.Mul(signs)), rho.Im.Add(rho.Im.Mul(signs))); // ρ + ZρZ
        var xax = Flip(a, t.Flip, rho.Re.Device);
        return new DensityMatrix(a.Re.Add(xax.Re), a.Im.Add(xax.Im));
    }

    private static DensityMatrix Mix(DensityMatrix rho, DensityMatrix other, double keep, double weight) =>
        new(rho.Re.Mul(keep).Add(other.Re.Mul(weight)), rho.Im.Mul(keep).Add(other.Im.Mul(weight)));

    /// <summary>XρX on one wire: rows and columns permuted by flipping that wire's bit.</summary>
    private static DensityMatrix Flip(DensityMatrix rho, long[] flip, Device device)
    {
        var index = Tensors.FromArray(flip).To(device);
        return new DensityMatrix(rho.Re.IndexSelect(-2, index).IndexSelect(-1, index),
            rho.Im.IndexSelect(-2, index).IndexSelect(-1, index));
    }

    private static Tensor Constant(double[] table, Tensor like)
    {
        var dim = (long)Math.Sqrt(table.Length);
        return Tensors.FromArray(table, [dim, dim]).To(like.Device, like.DType);
    }

    /// <summary>Per (n, wire): the bit-flip permutation and [2ⁿ, 2ⁿ] tables indexed by the wire's bits b_j, b_k.</summary>
    private sealed class Tables
    {
        private static readonly ConcurrentDictionary<(int, int), Tables> Cache = new();
        private readonly int[] _bits;

        private Tables(int qubits, int wire)
        {
            var dim = 1 << qubits;
            _bits = Enumerable.Range(0, dim).Select(j => Gates.Bit(j, wire, qubits)).ToArray();
            Flip = Enumerable.Range(0, dim).Select(j => (long)(j ^ (1 << (qubits - 1 - wire)))).ToArray();
            ZSigns = Table((bj, bk) => (1 - 2 * bj) * (1 - 2 * bk));
            BothZero = Table((bj, bk) => bj == 0 && bk == 0 ? 1 : 0);
        }

        public long[] Flip { get; }
        public double[] ZSigns { get; }
        public double[] BothZero { get; }

        public static Tables For(int qubits, int wire) => Cache.GetOrAdd((qubits, wire), k => new Tables(k.Item1, k.Item2));

        public double[] AmplitudeKeep(double gamma)
        {
            var f = Math.Sqrt(1 - gamma);
            return Table((bj, bk) => (bj == 1 ? f : 1) * (bk == 1 ? f : 1));
        }

        public double[] Dephase(double lambda)
        {
            var f = Math.Sqrt(1 - lambda);
            return Table((bj, bk) => bj == bk ? 1 : f);
        }

        private double[] Table(Func<int, int, double> entry)
        {
            var dim = _bits.Length;
            var table = new double[dim * dim];
            for (var j = 0; j < dim; ++j)
            {
                for (var k = 0; k < dim; ++k)
                {
                    table[j * dim + k] = entry(_bits[j], _bits[k]);
                }
            }
            return table;
        }
    }
}
