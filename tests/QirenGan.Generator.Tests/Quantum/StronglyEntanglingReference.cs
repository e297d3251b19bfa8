using System.Numerics;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>
/// An independent gate-by-gate reference for the official QIREN signal circuit, written from PennyLane's
/// definitions in plain C# complex arithmetic: a 2ⁿ statevector (wire 0 the most significant bit) to which each
/// Rot(φ, θ, ω) = RZ(ω)·RY(θ)·RZ(φ) is applied as three 2×2 gates, each CZ as its own sign flip, each RZ(x_j) as
/// its own phase. No Kronecker products, no tables shared with the code under test. One input at a time.
/// </summary>
internal static class StronglyEntanglingReference
{
    /// <summary>⟨Z_j⟩ for every wire j. θ [S+1][A][n][3] as (φ, θ, ω); x [n].</summary>
    public static double[] Evaluate(int qubits, int depth, int reuploads, double[] theta, double[] x)
    {
        var state = new Complex[1 << qubits];
        state[0] = 1;
        for (var i = 0; i <= reuploads; ++i)
        {
            for (var layer = 0; layer < depth; ++layer)
            {
                for (var wire = 0; wire < qubits; ++wire)
                {
                    var at = ((i * depth + layer) * qubits + wire) * 3;
                    ApplyRZ(state, qubits, wire, theta[at]);
                    ApplyRY(state, qubits, wire, theta[at + 1]);
                    ApplyRZ(state, qubits, wire, theta[at + 2]);
                }
                if (qubits > 1)
                {
                    var range = layer % (qubits - 1) + 1;
                    for (var wire = 0; wire < qubits; ++wire)
                    {
                        ApplyCZ(state, qubits, wire, (wire + range) % qubits);
                    }
                }
            }
            if (i < reuploads)
            {
                for (var wire = 0; wire < qubits; ++wire)
                {
                    ApplyRZ(state, qubits, wire, x[wire]);
                }
            }
        }
        var result = new double[qubits];
        for (var k = 0; k < state.Length; ++k)
        {
            var p = state[k].Magnitude * state[k].Magnitude;
            for (var wire = 0; wire < qubits; ++wire)
            {
                result[wire] += Bit(k, wire, qubits) == 0 ? p : -p;
            }
        }
        return result;
    }

    private static int Bit(int k, int wire, int qubits) => (k >> (qubits - 1 - wire)) & 1;

    /// <summary>A 2×2 gate [[a, b], [c, d]] on one wire: each pair of amplitudes differing in that bit.</summary>
    private static void Apply(Complex[] state, int qubits, int wire, Complex a, Complex b, Complex c, Complex d)
    {
        var mask = 1 << (qubits - 1 - wire);
        for (var k = 0; k < state.Length; ++k)
        {
            if ((k & mask) != 0)
            {
                continue;
            }
            var zero = state[k];
            var one = state[k | mask];
            state[k] = a * zero + b * one;
            state[k | mask] = c * zero + d * one;
        }
    }

    private static void ApplyRZ(Complex[] state, int qubits, int wire, double angle) =>
        Apply(state, qubits, wire, Complex.FromPolarCoordinates(1, -angle / 2), 0, 0, Complex.FromPolarCoordinates(1, angle / 2));

    private static void ApplyRY(Complex[] state, int qubits, int wire, double angle) =>
        Apply(state, qubits, wire, Math.Cos(angle / 2), -Math.Sin(angle / 2), Math.Sin(angle / 2), Math.Cos(angle / 2));

    private static void ApplyCZ(Complex[] state, int qubits, int first, int second)
    {
        for (var k = 0; k < state.Length; ++k)
        {
            if (Bit(k, first, qubits) == 1 && Bit(k, second, qubits) == 1)
            {
                state[k] = -state[k];
            }
        }
    }
}
