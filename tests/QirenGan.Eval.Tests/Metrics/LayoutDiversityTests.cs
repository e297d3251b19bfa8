using QirenGan.Eval.Metrics;

namespace QirenGan.Eval.Tests.Metrics;

/// <summary>
/// The layout metric against an explicit pair-by-pair computation, its closed forms (copies of a template, flat
/// images) and its sampling floor. The reference code here recomputes every edge map and every Pearson correlation
/// directly, independently of the one-pass sum the metric uses.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class LayoutDiversityTests
{
    [Fact]
    public void Mean_pairwise_correlation_equals_the_average_over_explicit_pairs()
    {
        // Given 6 random RGB images of 9×11 (not square), appended in two batches
        var images = RandomImages(6, 9, 11, seed: 3);
        var correlation = Accumulate(images, 4, 2);

        // When the mean over the 30 ordered pairs is computed one pair at a time
        var maps = images.Select(EdgeMap).ToArray();
        var pairs = new List<double>();
        for (var i = 0; i < maps.Length; ++i)
        {
            for (var j = 0; j < maps.Length; ++j)
            {
                if (i != j)
                {
                    pairs.Add(Pearson(maps[i], maps[j]));
                }
            }
        }

        // Then both agree
        Assert.Equal(6, correlation.Count);
        Close.Scalar(pairs.Average(), correlation.MeanPairwiseCorrelation, 1e-12, "mean pairwise correlation");
    }

    [Fact]
    public void Recoloured_copies_of_one_template_score_one_over_the_real_correlation()
    {
        // Given a random template (values ≤ 100) and 8 copies a·x + b (a ∈ {1, 2}, b ≤ 50: exact in uint8), and
        // 20 random "real" images
        var template = RandomImages(1, 16, 16, seed: 5, max: 100)[0];
        var copies = Enumerable.Range(0, 8).Select(k => template.Select(v => (byte)((1 + k % 2) * v + 6 * k)).ToArray()).ToArray();
        var reals = RandomImages(20, 16, 16, seed: 6);
        var realMaps = reals.Select(EdgeMap).ToArray();
        var realPairs = new List<double>();
        for (var i = 0; i < realMaps.Length; ++i)
        {
            for (var j = 0; j < realMaps.Length; ++j)
            {
                if (i != j)
                {
                    realPairs.Add(Pearson(realMaps[i], realMaps[j]));
                }
            }
        }

        // When the layout of the copies is measured against the reals
        var layout = LayoutDiversity.Compare(Accumulate(copies, 8), Accumulate(reals, 20));

        // Then every copy correlates 1 with every other, and the ratio is 1/ρ_real
        Close.Scalar(1, layout.FakeCorrelation, 1e-12, "ρ of copies");
        Close.Scalar(realPairs.Average(), layout.RealCorrelation, 1e-12, "ρ of reals");
        Close.Scalar(1 / realPairs.Average(), layout.Ratio, 1e-9, "layout of copies");
    }

    [Fact]
    public void A_shuffled_set_in_other_batches_scores_the_same()
    {
        // Given 12 images, and the same images in another order appended in batches of other sizes
        var images = RandomImages(12, 8, 8, seed: 9);
        var order = Enumerable.Range(0, 12).OrderBy(i => (i * 7 + 3) % 12).ToArray();
        var shuffled = order.Select(i => images[i]).ToArray();

        // When both are accumulated
        var a = Accumulate(images, 12).MeanPairwiseCorrelation;
        var b = Accumulate(shuffled, 5, 5, 2).MeanPairwiseCorrelation;

        // Then the values are equal up to rounding
        Close.Scalar(a, b, 1e-13, "shuffled");
    }

    [Fact]
    public void A_flat_image_counts_and_correlates_zero_with_every_other()
    {
        // Given two identical images and one flat image: of the 6 ordered pairs only the 2 between the copies correlate (1)
        var image = RandomImages(1, 7, 7, seed: 1)[0];
        var flat = Enumerable.Repeat((byte)77, image.Length).ToArray();

        // When measured, then ρ = 2/6
        Close.Scalar(2.0 / 6, Accumulate([image, image, flat], 3).MeanPairwiseCorrelation, 1e-12, "ρ with a flat image");
    }

    [Fact]
    public void Two_sets_from_one_distribution_score_one_within_the_derived_sampling_floor()
    {
        // Given two sets of 300 "faces": one dark disc at a position jittered by ±2 px plus uniform pixel noise, so their
        // edge maps share a layout (ρ well above 0) as aligned real faces do, one seed per set
        const int n = 300, size = 16;
        var a = Discs(n, size, seed: 11);
        var b = Discs(n, size, seed: 12);

        // When the layout of one against the other is measured
        var layout = LayoutDiversity.Compare(Accumulate(a, 64, 64, 64, 64, 44), Accumulate(b, 100, 100, 100));

        // Then it is 1 within 4 standard errors. A mean over pairs is a U-statistic: Var ρ̂ ≈ 4·Var(ĝᵢ·μ)/N (Hoeffding),
        // μ the mean standardised map; the ratio's relative error adds both sides' relative errors in quadrature
        var se = layout.Ratio * Math.Sqrt(Square(StandardError(a) / layout.FakeCorrelation) + Square(StandardError(b) / layout.RealCorrelation));
        Assert.InRange(layout.RealCorrelation, 0.1, 0.99);
        Assert.InRange(se, 1e-4, 0.2);
        Assert.InRange(layout.Ratio, 1 - 4 * se, 1 + 4 * se);
    }

    [Fact]
    public void Images_of_another_size_or_type_are_refused()
    {
        using var scope = DisposeScope.Enter();
        var correlation = new EdgeMapCorrelation();
        correlation.Append(Tensors.Zeros([2, 3, 8, 8], ScalarType.UInt8));
        Assert.Contains("first ones were 8×8", Assert.Throws<ArgumentException>(() => correlation.Append(Tensors.Zeros([2, 3, 8, 9], ScalarType.UInt8))).Message);
        Assert.Contains("uint8", Assert.Throws<ArgumentException>(() => correlation.Append(Tensors.Zeros([2, 3, 8, 8]))).Message);
        Assert.Contains("at least 2", Assert.Throws<InvalidOperationException>(() => new EdgeMapCorrelation().MeanPairwiseCorrelation).Message);
    }

    private static double Square(double x) => x * x;

    /// <summary>Images [3, H, W] as flat channel-major byte arrays, accumulated in batches of the given sizes.</summary>
    private static EdgeMapCorrelation Accumulate(byte[][] images, params int[] batches)
    {
        using var scope = DisposeScope.Enter();
        var plane = images[0].Length / 3;
        var side = (long)Math.Sqrt(plane);
        var (h, w) = side * side == plane ? (side, side) : (9L, 11L);
        var correlation = new EdgeMapCorrelation();
        var start = 0;
        foreach (var count in batches)
        {
            var flat = images.Skip(start).Take(count).SelectMany(x => x).ToArray();
            correlation.Append(Tensors.FromArray(flat, [count, 3, h, w]));
            start += count;
        }
        Assert.Equal(images.Length, start);
        return correlation;
    }

    private static byte[][] RandomImages(int n, int h, int w, int seed, int max = 256)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 3 * h * w).Select(_ => (byte)rng.Next(max)).ToArray()).ToArray();
    }

    private static byte[][] Discs(int n, int size, int seed)
    {
        var rng = new Random(seed);
        var images = new byte[n][];
        for (var k = 0; k < n; ++k)
        {
            var (cx, cy) = (size / 2.0 + rng.Next(-2, 3), size / 2.0 + rng.Next(-2, 3));
            var image = new byte[3 * size * size];
            for (var c = 0; c < 3; ++c)
            {
                for (var y = 0; y < size; ++y)
                {
                    for (var x = 0; x < size; ++x)
                    {
                        var inside = Square(x - cx) + Square(y - cy) < 16;
                        image[(c * size + y) * size + x] = (byte)((inside ? 60 : 190) + rng.Next(-30, 31));
                    }
                }
            }
            images[k] = image;
        }
        return images;
    }

    /// <summary>The reference edge map: luma, central-difference gradient magnitude on the interior.</summary>
    private static double[] EdgeMap(byte[] image)
    {
        var plane = image.Length / 3;
        var side = (int)Math.Sqrt(plane);
        var (h, w) = side * side == plane ? (side, side) : (9, 11);
        double Y(int i, int j) => 0.299 * image[i * w + j] + 0.587 * image[plane + i * w + j] + 0.114 * image[2 * plane + i * w + j];
        var map = new List<double>();
        for (var i = 1; i < h - 1; ++i)
        {
            for (var j = 1; j < w - 1; ++j)
            {
                map.Add(Math.Sqrt(Square(Y(i, j + 1) - Y(i, j - 1)) + Square(Y(i + 1, j) - Y(i - 1, j))));
            }
        }
        return map.ToArray();
    }

    private static double Pearson(double[] a, double[] b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        var cov = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb));
        return cov / Math.Sqrt(a.Sum(x => Square(x - ma)) * b.Sum(x => Square(x - mb)));
    }

    /// <summary>Hoeffding's first-order standard error of the mean pairwise correlation: 2·sd(ĝᵢ·μ)/√N.</summary>
    private static double StandardError(byte[][] images)
    {
        var maps = images.Select(EdgeMap).Select(m =>
        {
            var mean = m.Average();
            var norm = Math.Sqrt(m.Sum(x => Square(x - mean)));
            return m.Select(x => (x - mean) / norm).ToArray();
        }).ToArray();
        var mu = Enumerable.Range(0, maps[0].Length).Select(k => maps.Average(m => m[k])).ToArray();
        var h1 = maps.Select(m => m.Zip(mu).Sum(p => p.First * p.Second)).ToArray();
        var avg = h1.Average();
        var sd = Math.Sqrt(h1.Sum(x => Square(x - avg)) / (h1.Length - 1));
        return 2 * sd / Math.Sqrt(images.Length);
    }
}
