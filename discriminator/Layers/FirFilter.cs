using QirenGan.Torch;

namespace QirenGan.Discriminator;

/// <summary>
/// The [1, 3, 3, 1] FIR low-pass of StyleGAN2 (upfirdn2d with <c>setup_filter([1,3,3,1])</c>): the separable 4×4
/// filter [1,3,3,1]ᵀ[1,3,3,1]/64, applied per channel as one depthwise convolution with zero padding.
/// </summary>
public static class FirFilter
{
    /// <summary>The 1-d taps before normalisation.</summary>
    public static readonly float[] Taps = [1, 3, 3, 1];

    /// <summary>Filter side (4).</summary>
    public static int Size => Taps.Length;

    /// <summary>The normalised 2-d filter [4, 4] (sums to 1).</summary>
    public static Tensor Make2d()
    {
        var sum = Taps.Sum();
        var f = new float[Size * Size];
        for (var i = 0; i < Size; ++i)
        {
            for (var j = 0; j < Size; ++j)
            {
                f[i * Size + j] = Taps[i] * Taps[j] / (sum * sum);
            }
        }
        return Tensors.FromArray(f, [Size, Size]);
    }

    /// <summary>
    /// Filters x [B, C, H, W] with <paramref name="filter"/> [4, 4] per channel after zero-padding every side by
    /// <paramref name="padding"/>, keeping every <paramref name="stride"/>-th output: output side
    /// (H + 2·padding − 4)/stride + 1. (The filter is symmetric, so correlation and convolution agree.)
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor filter, int padding, int stride)
    {
        if (x.Dim != 4)
        {
            throw new ArgumentException($"FirFilter: expected x [B, C, H, W], got [{string.Join(", ", x.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        var channels = x.Size(1);
        var f = filter.DType == x.DType ? filter : filter.To(x.DType);
        var weight = f.Reshape(1, 1, Size, Size).Expand(channels, 1, Size, Size); // [C, 1, 4, 4]
        return Functional.Conv2d(x, weight, null, stride, padding, groups: channels).MoveToOuterScope();
    }
}
