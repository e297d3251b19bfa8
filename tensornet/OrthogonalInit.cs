using QirenGan.Torch;

namespace QirenGan.TensorNet;

/// <summary>
/// Random orthogonal matrices and isometries (Haar distributed: Gram–Schmidt of a Gaussian draw, the QR method of
/// Mezzadri 2007), the initialisation physics uses for MERA tensors (unitary disentanglers, isometric isometries).
/// </summary>
public static class OrthogonalInit
{
    /// <summary>
    /// A [rows, cols] matrix V with E‖V·x‖² = (rows/cols)·‖x‖² for every x, like an i.i.d. N(0, 1/cols) matrix, but
    /// without its fluctuation: orthonormal rows when rows ≤ cols (a random projection), orthonormal columns times
    /// √(rows/cols) otherwise (an exact scaled isometry; rows = cols: an orthogonal matrix).
    /// </summary>
    public static Tensor RandomIsometry(long rows, long cols, RandomGenerator? generator, ScalarType dtype)
    {
        if (rows < 1 || cols < 1)
        {
            throw new ArgumentException($"OrthogonalInit: sizes must be positive, got {rows}×{cols}");
        }
        long m = Math.Min(rows, cols), n = Math.Max(rows, cols);
        double[] q;
        using (var scope = DisposeScope.Enter())
        {
            q = Tensors.Randn([m, n], generator, ScalarType.Float64).ToArray<double>(); // m Gaussian rows of length n
        }
        for (var i = 0L; i < m; ++i)
        {
            // Modified Gram–Schmidt, twice for orthogonality to rounding; m ≤ n, so the rows stay independent almost surely.
            for (var pass = 0; pass < 2; ++pass)
            {
                for (var j = 0L; j < i; ++j)
                {
                    var dot = 0.0;
                    for (var k = 0L; k < n; ++k)
                    {
                        dot += q[i * n + k] * q[j * n + k];
                    }
                    for (var k = 0L; k < n; ++k)
                    {
                        q[i * n + k] -= dot * q[j * n + k];
                    }
                }
            }
            var norm = 0.0;
            for (var k = 0L; k < n; ++k)
            {
                norm += q[i * n + k] * q[i * n + k];
            }
            norm = Math.Sqrt(norm);
            for (var k = 0L; k < n; ++k)
            {
                q[i * n + k] /= norm;
            }
        }
        using var outer = DisposeScope.Enter();
        var rowsMatrix = Tensors.FromArray(q, [m, n]).To(dtype); // [m, n], orthonormal rows
        var v = rows <= cols ? rowsMatrix : rowsMatrix.T().Mul(Math.Sqrt((double)rows / cols));
        return v.Contiguous().MoveToOuterScope();
    }
}
