using System.Numerics;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>
/// An independent, deliberately naive statevector simulator in System.Numerics.Complex: gates written out as
/// dense matrices over the whole register, the CNOT chain applied one CNOT at a time by bit manipulation.
/// </summary>
internal static class ReferenceSimulator
{
    public static double[] Expectations(int n, int depth, int reuploads, double[,,,] theta, double[] x, bool everyWire)
    {
        var d = 1 << n;
        var psi = new Complex[d];
        psi[0] = 1;
        for (var i = 0; i <= reuploads; ++i)
        {
            if (i > 0)
            {
                for (var q = 0; q < n; ++q)
                {
                    psi = ApplySingle(psi, n, q, RZ(x[q]));
                }
            }
            for (var a = 0; a < depth; ++a)
            {
                for (var q = 0; q < n; ++q)
                {
                    psi = ApplySingle(psi, n, q, U3(theta[i, a, q, 0], theta[i, a, q, 1], theta[i, a, q, 2]));
                }
                for (var q = 0; q < n - 1; ++q)
                {
                    psi = Cnot(psi, n, q, q + 1);
                }
            }
        }
        var outs = everyWire ? n : 1;
        var result = new double[outs];
        for (var w = 0; w < outs; ++w)
        {
            for (var b = 0; b < d; ++b)
            {
                var bit = (b >> (n - 1 - w)) & 1;
                result[w] += (bit == 0 ? 1 : -1) * psi[b].Magnitude * psi[b].Magnitude;
            }
        }
        return result;
    }

    public static Complex[,] U3(double t, double p, double l) => new[,]
    {
        { new Complex(Math.Cos(t / 2), 0), -Complex.Exp(Complex.ImaginaryOne * l) * Math.Sin(t / 2) },
        { Complex.Exp(Complex.ImaginaryOne * p) * Math.Sin(t / 2), Complex.Exp(Complex.ImaginaryOne * (p + l)) * Math.Cos(t / 2) },
    };

    public static Complex[,] RZ(double a) => new[,]
    {
        { Complex.Exp(-Complex.ImaginaryOne * a / 2), 0 },
        { 0, Complex.Exp(Complex.ImaginaryOne * a / 2) },
    };

    private static Complex[] ApplySingle(Complex[] psi, int n, int wire, Complex[,] u)
    {
        var result = new Complex[psi.Length];
        for (var b = 0; b < psi.Length; ++b)
        {
            var bit = (b >> (n - 1 - wire)) & 1;
            var partner = b ^ (1 << (n - 1 - wire));
            // result[b] = Σ_j u[bit, j] ψ[b with wire = j]
            result[b] = u[bit, bit] * psi[b] + u[bit, 1 - bit] * psi[partner];
        }
        return result;
    }

    private static Complex[] Cnot(Complex[] psi, int n, int control, int target)
    {
        var result = new Complex[psi.Length];
        for (var b = 0; b < psi.Length; ++b)
        {
            var c = (b >> (n - 1 - control)) & 1;
            var to = c == 1 ? b ^ (1 << (n - 1 - target)) : b;
            result[to] = psi[b];
        }
        return result;
    }
}
