using QirenGan.Torch;

namespace QirenGan.TensorNet;

/// <summary>
/// How a size that does not factor into legs is handled: inputs are zero-padded at the end up to the product of
/// the legs (the extra rows of W then never matter), outputs are computed on the padded space and truncated to the
/// first <c>out</c> entries. With padding off, such a size is an error.
/// </summary>
public static class Padding
{
    /// <summary>x [B, n] → [B, padded] with zeros appended (x itself when no padding is needed).</summary>
    public static Tensor PadInputs(Tensor x, long padded)
    {
        var n = x.Size(1);
        return n == padded ? x.Alias() : Functional.Pad(x, [0, padded - n]);
    }

    /// <summary>y [B, padded] → its first <paramref name="n"/> columns.</summary>
    public static Tensor TruncateOutputs(Tensor y, long n) => y.Size(1) == n ? y : y.Narrow(1, 0, n);

    /// <summary>Integer power with an overflow check (sizes here are products of legs).</summary>
    public static long Pow(long b, int e)
    {
        var r = 1L;
        for (var i = 0; i < e; ++i)
        {
            r = checked(r * b);
        }
        return r;
    }

    /// <summary>The smallest q with qᵉ ≥ n (an exact integer root when one exists).</summary>
    public static int CeilRoot(long n, int e)
    {
        var q = Math.Max(1, (int)Math.Floor(Math.Pow(n, 1.0 / e)));
        while (Pow(q, e) < n)
        {
            ++q;
        }
        while (q > 1 && Pow(q - 1, e) >= n)
        {
            --q;
        }
        return q;
    }
}
