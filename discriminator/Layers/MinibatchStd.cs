using QirenGan.Torch;

namespace QirenGan.Discriminator;

/// <summary>
/// Minibatch standard deviation (StyleGAN2-ADA's <c>MinibatchStdLayer</c>): the batch is split into groups of G
/// (sample i belongs to group i mod N/G), channels into F groups; each group's per-element std over its G samples
/// (√(var + 1e-8), population variance) is averaged over channels and pixels and appended as F constant channels.
/// </summary>
public static class MinibatchStd
{
    public const double Eps = 1e-8;

    /// <summary>x [N, C, H, W] → [N, C + F, H, W].</summary>
    public static Tensor Apply(Tensor x, int groupSize, int channels)
    {
        if (x.Dim != 4)
        {
            throw new ArgumentException($"MinibatchStd: expected [N, C, H, W], got [{string.Join(", ", x.Shape)}]");
        }
        long n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3);
        var g = Math.Min(groupSize, n);
        if (n % g != 0)
        {
            throw new ArgumentException(
                $"MinibatchStd: batch {n} is not a multiple of the group size {g} (use a batch divisible by {groupSize}, or smaller than it)");
        }
        if (c % channels != 0)
        {
            throw new ArgumentException($"MinibatchStd: {channels} std channels must divide the {c} input channels");
        }
        using var scope = DisposeScope.Enter();
        var f = channels;
        var y = x.Reshape(g, -1, f, c / f, h, w);            // [G, n, F, c, H, W]
        y = y.Sub(y.Mean(0));                                 // deviation from the group mean
        y = y.Square().Mean(0).Add(Eps).Sqrt();               // [n, F, c, H, W] std over the group
        y = y.Mean([2L, 3L, 4L]);                             // [n, F]
        y = y.Reshape(-1, f, 1, 1).Repeat(g, 1, h, w);        // [N, F, H, W]
        return Tensors.Cat([x, y], 1).MoveToOuterScope();
    }
}
