using QirenGan.Torch;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// The mean pairwise correlation of a set of images' edge maps, streamed batch by batch: the statistic behind the
/// `layout` metric (<see cref="LayoutDiversity"/>).
/// <para>
/// Each image's luma Y (BT.601, as <see cref="PowerSpectrum.LumaWeights"/>, in 0–255) gives an edge map, the
/// gradient magnitude by central differences on the interior pixels, g = √((Y[i, j+1] − Y[i, j−1])² +
/// (Y[i+1, j] − Y[i−1, j])²), (H−2)·(W−2) values. The map is standardised, ĝ = (g − ḡ)/‖g − ḡ‖, so ĝᵢ·ĝⱼ is the
/// Pearson correlation of two maps. With S = Σᵢ ĝᵢ the mean over the N(N−1) ordered pairs i ≠ j is
/// ρ = (‖S‖² − Σᵢ‖ĝᵢ‖²)/(N(N−1)): one pass, O(N·H·W), independent of the order of the images. A flat image has no
/// edges: its ĝ is 0, it counts in N and correlates 0 with everything.
/// </para>
/// <para>Closed forms: N copies of one image, or of affinely recoloured versions (a·x + b, a &gt; 0, on all channels
/// alike), give ρ = 1; images whose edge maps are independent give ρ ≈ 0.</para>
/// </summary>
public sealed class EdgeMapCorrelation
{
    private double[]? _sum;            // S, one entry per interior pixel
    private double _sumOfSquares;      // Σ‖ĝᵢ‖² (the count of images with edges)

    /// <param name="maxItems">Images beyond this count are ignored (null = no limit).</param>
    public EdgeMapCorrelation(long? maxItems = null) => MaxItems = maxItems;

    public long? MaxItems { get; }

    /// <summary>Images accumulated so far.</summary>
    public long Count { get; private set; }

    /// <summary>How many more images are wanted (long.MaxValue without a limit).</summary>
    public long Remaining => MaxItems is { } max ? Math.Max(0, max - Count) : long.MaxValue;

    public int Height { get; private set; }

    public int Width { get; private set; }

    /// <summary>Adds uint8 RGB images [B, 3, H, W] (any device); the first batch fixes H and W (each at least 3).</summary>
    public void Append(Tensor images)
    {
        if (images.Dim != 4 || images.Size(1) != 3 || images.DType != ScalarType.UInt8 || images.Size(2) < 3 || images.Size(3) < 3)
        {
            throw new ArgumentException($"EdgeMapCorrelation.Append: expected uint8 RGB images [B, 3, H ≥ 3, W ≥ 3], got {images.DType} [{string.Join(", ", images.Shape)}]");
        }
        var (h, w) = ((int)images.Size(2), (int)images.Size(3));
        if (_sum is null)
        {
            (Height, Width) = (h, w);
            _sum = new double[(h - 2) * (w - 2)];
        }
        else if (h != Height || w != Width)
        {
            throw new ArgumentException($"EdgeMapCorrelation.Append: images are {w}×{h} but the first ones were {Width}×{Height}");
        }
        var take = (int)Math.Min(images.Size(0), Remaining);
        if (take <= 0)
        {
            return;
        }
        byte[] pixels;
        using (var scope = DisposeScope.Enter())
        {
            pixels = images.Detach().Narrow(0, 0, take).Cpu().Contiguous().ToArray<byte>();
        }
        var plane = h * w;
        var luma = new double[plane];
        var edges = new double[_sum.Length];
        for (var n = 0; n < take; ++n)
        {
            var image = pixels.AsSpan(n * 3 * plane, 3 * plane);
            for (var p = 0; p < plane; ++p)
            {
                luma[p] = PowerSpectrum.LumaWeights[0] * image[p] + PowerSpectrum.LumaWeights[1] * image[plane + p]
                          + PowerSpectrum.LumaWeights[2] * image[2 * plane + p];
            }
            _sumOfSquares += Standardised(luma, h, w, edges);
            for (var k = 0; k < edges.Length; ++k)
            {
                _sum[k] += edges[k];
            }
        }
        Count += take;
    }

    /// <summary>ρ, the mean correlation over ordered pairs of distinct images (needs two images).</summary>
    public double MeanPairwiseCorrelation
    {
        get
        {
            if (Count < 2 || _sum is null)
            {
                throw new InvalidOperationException($"EdgeMapCorrelation: the mean pairwise correlation needs at least 2 images, got {Count}");
            }
            var norm = 0.0;
            foreach (var s in _sum)
            {
                norm += s * s;
            }
            return (norm - _sumOfSquares) / ((double)Count * (Count - 1));
        }
    }

    /// <summary>The standardised edge map of one luma plane into <paramref name="edges"/>; returns its squared norm (1, or 0 when flat).</summary>
    private static double Standardised(double[] luma, int h, int w, double[] edges)
    {
        var k = 0;
        var mean = 0.0;
        for (var i = 1; i < h - 1; ++i)
        {
            for (var j = 1; j < w - 1; ++j)
            {
                var gx = luma[i * w + j + 1] - luma[i * w + j - 1];
                var gy = luma[(i + 1) * w + j] - luma[(i - 1) * w + j];
                edges[k] = Math.Sqrt(gx * gx + gy * gy);
                mean += edges[k++];
            }
        }
        mean /= edges.Length;
        var squares = 0.0;
        for (k = 0; k < edges.Length; ++k)
        {
            edges[k] -= mean;
            squares += edges[k] * edges[k];
        }
        // Below this the map is rounding noise of a flat image: treat it as no edges at all.
        if (squares < FlatThreshold)
        {
            Array.Clear(edges);
            return 0;
        }
        var inverse = 1 / Math.Sqrt(squares);
        for (k = 0; k < edges.Length; ++k)
        {
            edges[k] *= inverse;
        }
        return 1;
    }

    private const double FlatThreshold = 1e-12;
}
