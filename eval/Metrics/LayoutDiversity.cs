using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// The `layout` metric (this project's; no detector): how much more alike the generated images' layouts are than the
/// real ones', as the ratio of mean pairwise edge-map correlations (<see cref="EdgeMapCorrelation"/>),
/// layout = ρ_fake / ρ_real.
/// <para>
/// Real faces share a coarse layout (aligned eyes and mouth), so ρ_real is well above 0 and two sets of real faces
/// score ≈ 1 (within the sampling floor, measured in the README at the N used there). A generator whose samples all
/// share one outline and one set of bands — one template recoloured — has ρ_fake → 1, so layout → 1/ρ_real, far
/// above 1; samples with no common structure at all (noise) score ≈ 0. Unlike a Fréchet distance in a feature
/// space, it does not fall when the template merely gets sharper or better coloured.
/// </para>
/// </summary>
public sealed record LayoutDiversity(double FakeCorrelation, double RealCorrelation, long NumFake, long NumReal)
{
    /// <summary>Metric rows written to metrics.csv: the ratio, then both correlations.</summary>
    public const string Metric = "layout";
    public const string FakeMetric = "layout_fake_corr";
    public const string RealMetric = "layout_real_corr";

    /// <summary>ρ_fake / ρ_real.</summary>
    public double Ratio => FakeCorrelation / RealCorrelation;

    /// <summary>Compares two accumulated sets; the real one must have a positive correlation (a shared layout to compare against).</summary>
    public static LayoutDiversity Compare(EdgeMapCorrelation fake, EdgeMapCorrelation real)
    {
        if (fake.Height != real.Height || fake.Width != real.Width)
        {
            throw new ArgumentException($"layout: real images are {real.Width}×{real.Height} but generated ones {fake.Width}×{fake.Height}");
        }
        var r = real.MeanPairwiseCorrelation;
        if (!(r > 0))
        {
            throw new InvalidOperationException($"layout: the real images' edge maps have mean correlation {r:G4} ≤ 0, so there is no shared layout to compare with");
        }
        return new LayoutDiversity(fake.MeanPairwiseCorrelation, r, fake.Count, real.Count);
    }

    /// <summary>The edge-map correlation of the first <paramref name="maxItems"/> images of <paramref name="files"/> (all when null).</summary>
    public static EdgeMapCorrelation ForDataset(ImageFiles files, int batchSize = FeatureExtraction.DefaultBatchSize, long? maxItems = null,
        IProgress<ExtractionProgress>? progress = null)
    {
        var correlation = new EdgeMapCorrelation(maxItems);
        DatasetBatches.ForEach(files, correlation.Append, batchSize, maxItems, progress);
        return correlation;
    }

    public IReadOnlyList<MetricResult> Results() =>
        [new(Metric, Ratio), new(FakeMetric, FakeCorrelation), new(RealMetric, RealCorrelation)];

    public string Summary() =>
        $"layout {Ratio:F3} (edge-map correlation: {NumFake} generated {FakeCorrelation:F4}, {NumReal} real {RealCorrelation:F4}; ≈ 1 = as varied as the reals, 1/ρ_real = {1 / RealCorrelation:F2} = one template)";
}
