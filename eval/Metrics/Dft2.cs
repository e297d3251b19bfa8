using QirenGan.Torch;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// The 2-D discrete Fourier transform of real images as two matrix products with cosine/sine matrices, in float64:
/// X(k_y, k_x) = Σ_{y,x} x[y, x]·e^{−2πi(k_y·y/H + k_x·x/W)}. Exact up to float64 rounding (no FFT needed at
/// 32–256 px: O(H·W·(H + W)) per image, which BLAS runs at full speed), on whatever device the images are.
/// Frequencies come out centred (numpy's fftshift order): row u holds k_y = u − ⌊H/2⌋, column v holds
/// k_x = v − ⌊W/2⌋, so k = 0 sits at (⌊H/2⌋, ⌊W/2⌋).
/// </summary>
public sealed class Dft2 : IDisposable
{
    private readonly Tensor _columns;  // [W, 2W] = [C_Wᵀ | S_Wᵀ]
    private readonly Tensor _rows;     // [2H, H] = [C_H; S_H]

    /// <param name="height">Image height H.</param>
    /// <param name="width">Image width W.</param>
    /// <param name="device">Where the matrices (and so the transform) live.</param>
    public Dft2(int height, int width, Device device)
    {
        if (height < 1 || width < 1)
        {
            throw new ArgumentException($"Dft2: image size must be positive, got {height}×{width}");
        }
        Height = height;
        Width = width;
        using var scope = DisposeScope.Enter();
        var (cw, sw) = Matrices(width);
        var (ch, sh) = Matrices(height);
        _columns = Tensors.Cat([Tensors.FromArray(cw, [width, width]).T(), Tensors.FromArray(sw, [width, width]).T()], 1)
            .To(device).Contiguous().DetachFromDisposeScope();
        _rows = Tensors.Cat([Tensors.FromArray(ch, [height, height]), Tensors.FromArray(sh, [height, height])], 0)
            .To(device).Contiguous().DetachFromDisposeScope();
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>
    /// Real and imaginary parts of the DFT of float64 images [..., H, W], centred (caller's scope).
    /// With A = x·C_Wᵀ and B = x·S_Wᵀ (the row transforms), X = (C_H − iS_H)(A − iB), so
    /// Re X = C_H·A − S_H·B and Im X = −(S_H·A + C_H·B).
    /// </summary>
    public (Tensor Re, Tensor Im) Forward(Tensor x)
    {
        if (x.Dim < 2 || x.Size(x.Dim - 2) != Height || x.Size(x.Dim - 1) != Width || x.DType != ScalarType.Float64)
        {
            throw new ArgumentException($"Dft2: expected float64 [..., {Height}, {Width}], got {x.DType} [{string.Join(", ", x.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        var halves = _rows.MatMul(x.MatMul(_columns));   // [..., 2H, 2W]: [[C_H·A, C_H·B], [S_H·A, S_H·B]]
        var d = x.Dim - 2;
        var top = halves.Narrow(d, 0, Height);
        var bottom = halves.Narrow(d, Height, Height);
        var (cA, cB) = (top.Narrow(d + 1, 0, Width), top.Narrow(d + 1, Width, Width));
        var (sA, sB) = (bottom.Narrow(d + 1, 0, Width), bottom.Narrow(d + 1, Width, Width));
        var re = cA.Sub(sB);
        var im = sA.Add(cB).Neg();
        return (re.MoveToOuterScope(), im.MoveToOuterScope());
    }

    /// <summary>
    /// cos and sin of 2π·k·n/N for centred k (rows) and n = 0…N−1 (columns), row-major. The angle is reduced
    /// exactly in integers first (k·n mod N), so large products lose no precision.
    /// </summary>
    public static (double[] Cos, double[] Sin) Matrices(int n)
    {
        var cos = new double[n * n];
        var sin = new double[n * n];
        for (var u = 0; u < n; ++u)
        {
            long k = u - n / 2;
            for (var j = 0; j < n; ++j)
            {
                var phase = 2 * Math.PI * (((k * j) % n + n) % n) / n;
                cos[u * n + j] = Math.Cos(phase);
                sin[u * n + j] = Math.Sin(phase);
            }
        }
        return (cos, sin);
    }

    public void Dispose()
    {
        _columns.Dispose();
        _rows.Dispose();
    }
}
