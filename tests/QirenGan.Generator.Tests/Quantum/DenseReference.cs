using System.Numerics;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>
/// An independent reference: the circuit of DESIGN.md §4 written out with dense complex matrices in plain C#
/// (explicit Kronecker products of the textbook U3 and RZ matrices, CNOTs as explicit permutation matrices built
/// from bit manipulation), one pixel at a time. Slow and obvious on purpose.
/// </summary>
internal static class DenseReference
{
    public static Complex[,] U3(double theta, double phi, double lambda)
    {
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        return new Complex[,]
        {
            { c, -Complex.FromPolarCoordinates(1, lambda) * s },
            { Complex.FromPolarCoordinates(1, phi) * s, Complex.FromPolarCoordinates(1, phi + lambda) * c },
        };
    }

    public static Complex[,] RZ(double alpha) => new Complex[,]
    {
        { Complex.FromPolarCoordinates(1, -alpha / 2), 0 },
        { 0, Complex.FromPolarCoordinates(1, alpha / 2) },
    };

    public static Complex[,] Kron(Complex[,] a, Complex[,] b)
    {
        int ra = a.GetLength(0), ca = a.GetLength(1), rb = b.GetLength(0), cb = b.GetLength(1);
        var r = new Complex[ra * rb, ca * cb];
        for (var i = 0; i < ra; ++i)
        for (var j = 0; j < ca; ++j)
        for (var k = 0; k < rb; ++k)
        for (var l = 0; l < cb; ++l)
        {
            r[i * rb + k, j * cb + l] = a[i, j] * b[k, l];
        }
        return r;
    }

    public static Complex[,] Mul(Complex[,] a, Complex[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1), inner = a.GetLength(1);
        var r = new Complex[n, m];
        for (var i = 0; i < n; ++i)
        for (var j = 0; j < m; ++j)
        {
            Complex sum = 0;
            for (var k = 0; k < inner; ++k)
            {
                sum += a[i, k] * b[k, j];
            }
            r[i, j] = sum;
        }
        return r;
    }

    /// <summary>CNOT(control → target) as a 2ⁿ×2ⁿ matrix, wire 0 the most significant bit.</summary>
    public static Complex[,] Cnot(int n, int control, int target)
    {
        var dim = 1 << n;
        var m = new Complex[dim, dim];
        for (var k = 0; k < dim; ++k)
        {
            var controlBit = (k >> (n - 1 - control)) & 1;
            var image = controlBit == 1 ? k ^ (1 << (n - 1 - target)) : k;
            m[image, k] = 1;
        }
        return m;
    }

    public static Complex[,] Identity(int dim)
    {
        var m = new Complex[dim, dim];
        for (var i = 0; i < dim; ++i)
        {
            m[i, i] = 1;
        }
        return m;
    }

    /// <summary>θ flat [S+1, A, n, 3], x flat [P, n] → outputs flat [P, O].</summary>
    public static double[] Evaluate(CircuitSpec spec, double[] theta, double[] x)
    {
        int n = spec.Qubits, dim = 1 << n, a = spec.Depth, s = spec.Reuploads;
        var chain = Identity(dim);
        for (var q = 0; q + 1 < n; ++q)
        {
            chain = Mul(Cnot(n, q, q + 1), chain); // CNOT(0→1) acts first
        }
        var v = new Complex[s + 1][,];
        for (var i = 0; i <= s; ++i)
        {
            v[i] = Identity(dim);
            for (var layer = 0; layer < a; ++layer)
            {
                Complex[,] k = new Complex[,] { { 1 } };
                for (var q = 0; q < n; ++q)
                {
                    var o = ((i * a + layer) * n + q) * 3;
                    k = Kron(k, U3(theta[o], theta[o + 1], theta[o + 2]));
                }
                v[i] = Mul(Mul(chain, k), v[i]);
            }
        }
        var pixels = x.Length / n;
        var result = new double[pixels * spec.Outputs];
        for (var p = 0; p < pixels; ++p)
        {
            var psi = new Complex[dim, 1];
            psi[0, 0] = 1;
            psi = Mul(v[0], psi);
            for (var i = 1; i <= s; ++i)
            {
                Complex[,] e = new Complex[,] { { 1 } };
                for (var q = 0; q < n; ++q)
                {
                    e = Kron(e, RZ(x[p * n + q]));
                }
                psi = Mul(v[i], Mul(e, psi));
            }
            for (var w = 0; w < spec.Outputs; ++w)
            {
                double z = 0;
                for (var k = 0; k < dim; ++k)
                {
                    var bit = (k >> (n - 1 - w)) & 1;
                    z += (bit == 0 ? 1 : -1) * psi[k, 0].Magnitude * psi[k, 0].Magnitude;
                }
                result[p * spec.Outputs + w] = z;
            }
        }
        return result;
    }
}
