using QirenGan.Eval.Detectors;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Metrics;

/// <summary>Settings of a metric run.</summary>
/// <param name="NumGen">Generated images per metric (null = the metric's own, 50,000); smaller for quick looks.</param>
/// <param name="MaxReal">Cap on real images (null = the metric's own).</param>
/// <param name="BatchSize">Images per detector call and per generator call.</param>
/// <param name="KidSeed">Seed of KID's subset sampling.</param>
public sealed record MetricRunOptions(int? NumGen = null, long? MaxReal = null,
    int BatchSize = FeatureExtraction.DefaultBatchSize, ulong KidSeed = 0);

/// <summary>
/// Computes metrics of a generator against a dataset as StyleGAN2-ADA's metric_main.py does. Generated images
/// come from a delegate (count → uint8 [count, 3, H, W]), so this class knows nothing about networks; they are
/// drawn once and shared by every requested metric. Real statistics go through the cache when one is given.
/// FID and KID use the Inception detector; precision/recall uses the VGG16 detector when given (as published
/// pr50k3 numbers do), else the Inception features (then not comparable with published values — logged).
/// `spectrum` needs no detector (<paramref name="inception"/> may then be null): it takes the first of the shared
/// generated images (its own 10,000 unless <see cref="MetricRunOptions.NumGen"/> says otherwise).
/// </summary>
public sealed class MetricRunner(IFeatureExtractor? inception, IFeatureExtractor? vgg, StatisticsCache? cache,
    MetricRunOptions options, Action<string>? log = null, IProgress<ExtractionProgress>? progress = null)
{
    /// <summary>The spectra compared by the last <see cref="Run"/> that measured `spectrum` (null when it did not).</summary>
    public SpectrumComparison? Spectrum { get; private set; }

    /// <summary>The layout comparison of the last <see cref="Run"/> that measured `layout` (null when it did not).</summary>
    public LayoutDiversity? Layout { get; private set; }

    public IReadOnlyList<MetricResult> Run(IReadOnlyList<MetricDefinition> metrics, ImageFiles reals, Func<int, Tensor> fakes)
    {
        Spectrum = null;
        Layout = null;
        if (metrics.Count == 0)
        {
            return [];
        }
        var detectorMetrics = metrics.Where(m => m.NeedsDetector).ToList();
        if (detectorMetrics.Count > 0 && inception is null)
        {
            throw new ArgumentException($"{string.Join(", ", detectorMetrics.Select(m => m.Name))} need the Inception detector");
        }
        var prExtractor = vgg ?? inception;
        if (vgg == null && metrics.Any(m => m.Kind == MetricKind.PrecisionRecall))
        {
            log?.Invoke("note: precision/recall on Inception features (no VGG16 detector given); published pr50k3 values use vgg16.pt");
        }
        var numGen = options.NumGen ?? metrics.Max(m => m.NumGen);
        var needAllInception = metrics.Any(m => m.Kind == MetricKind.Kid || (m.Kind == MetricKind.PrecisionRecall && vgg == null));
        var needInception = metrics.Any(m => m.Kind is MetricKind.Fid or MetricKind.Kid)
                            || (vgg == null && metrics.Any(m => m.Kind == MetricKind.PrecisionRecall));
        var needVgg = vgg != null && metrics.Any(m => m.Kind == MetricKind.PrecisionRecall);

        // The spectrum and the layout take the first images of the shared stream as they go by.
        var spectrumMetric = metrics.FirstOrDefault(m => m.Kind == MetricKind.Spectrum);
        var spectrumCount = options.NumGen ?? spectrumMetric?.NumGen ?? 0;
        var layoutMetric = metrics.FirstOrDefault(m => m.Kind == MetricKind.Layout);
        var layoutCount = options.NumGen ?? layoutMetric?.NumGen ?? 0;
        PowerSpectrum? fakeSpectrum = null;
        var fakeLayout = layoutMetric is null ? null : new EdgeMapCorrelation(layoutCount);
        var source = spectrumMetric is null && layoutMetric is null ? fakes : n =>
        {
            var images = fakes(n);
            if (spectrumMetric is not null)
            {
                fakeSpectrum ??= new PowerSpectrum((int)images.Size(2), (int)images.Size(3), spectrumCount);
                fakeSpectrum.Append(images);
            }
            fakeLayout?.Append(images);
            return images;
        };

        log?.Invoke($"generating {numGen} images");
        FeatureStatistics? fakeInception = null, fakeVgg = null;
        try
        {
            if (detectorMetrics.Count > 0)
            {
                (fakeInception, fakeVgg) = FakeStatistics(source, numGen, needInception ? inception : null, needAllInception, needVgg ? vgg : null);
            }
            else
            {
                SpectrumExtraction.Generate(source, Math.Max(spectrumCount, layoutCount), options.BatchSize, progress);
            }
            var results = new List<MetricResult>();
            foreach (var metric in metrics)
            {
                var maxReal = Min(metric.MaxReal, options.MaxReal);
                if (metric.Kind == MetricKind.Spectrum)
                {
                    using var realSpectrum = RealSpectrum(reals, maxReal);
                    Spectrum = new SpectrumComparison(realSpectrum, fakeSpectrum!);
                    results.AddRange(Spectrum.Results());
                    log?.Invoke(Spectrum.Summary());
                    continue;
                }
                if (metric.Kind == MetricKind.Layout)
                {
                    log?.Invoke($"edge maps of {Math.Min(reals.Count, maxReal ?? long.MaxValue)} real images from {reals.Path}");
                    var realLayout = LayoutDiversity.ForDataset(reals, options.BatchSize, maxReal, progress);
                    Layout = LayoutDiversity.Compare(fakeLayout!, realLayout);
                    results.AddRange(Layout.Results());
                    log?.Invoke(Layout.Summary());
                    continue;
                }
                var extractor = metric.Kind == MetricKind.PrecisionRecall ? prExtractor! : inception!;
                var fake = metric.Kind == MetricKind.PrecisionRecall && vgg != null ? fakeVgg! : fakeInception!;
                var captureAll = metric.Kind != MetricKind.Fid;
                using var real = RealStatistics(reals, extractor, maxReal, captureAll);
                switch (metric.Kind)
                {
                    case MetricKind.Fid:
                        results.Add(new(metric.Name, Fid(real, fake)));
                        break;
                    case MetricKind.Kid:
                        results.Add(new(metric.Name, Kid.Compute(real.All(), fake.All(), seed: options.KidSeed)));
                        break;
                    case MetricKind.PrecisionRecall:
                        var (precision, recall) = PrecisionRecall.Compute(real.All(), fake.All());
                        results.Add(new(metric.Name + "_precision", precision));
                        results.Add(new(metric.Name + "_recall", recall));
                        break;
                }
                log?.Invoke(string.Join("  ", results.Where(r => r.Metric.StartsWith(metric.Name, StringComparison.Ordinal)).Select(r => $"{r.Metric} {r.Value:G6}")));
            }
            return results;
        }
        finally
        {
            fakeInception?.Dispose();
            fakeVgg?.Dispose();
            fakeSpectrum?.Dispose();
        }
    }

    /// <summary>The mean power spectrum of the first <paramref name="maxReal"/> real images, through the cache when there is one.</summary>
    public PowerSpectrum RealSpectrum(ImageFiles reals, long? maxReal)
    {
        PowerSpectrum Compute()
        {
            log?.Invoke($"power spectra of {Math.Min(reals.Count, maxReal ?? long.MaxValue)} real images from {reals.Path}");
            return SpectrumExtraction.ForDataset(reals, options.BatchSize, maxReal, progress);
        }
        if (cache == null)
        {
            return Compute();
        }
        var spectrum = cache.GetOrComputeSpectrum(reals, maxReal, Compute, out var hit);
        if (hit)
        {
            log?.Invoke($"real power spectrum from the cache ({spectrum.Count} images)");
        }
        return spectrum;
    }

    /// <summary>
    /// FID between the images of two datasets (the `fid` verb): reals through the cache, fakes always fresh. The
    /// reals are capped by <see cref="MetricRunOptions.MaxReal"/>, the fakes by <see cref="MetricRunOptions.NumGen"/>.
    /// </summary>
    public double FidOfDatasets(ImageFiles reals, ImageFiles fakes)
    {
        var detector = inception ?? throw new InvalidOperationException("MetricRunner.FidOfDatasets: no Inception detector was given");
        using var real = RealStatistics(reals, detector, options.MaxReal, captureAll: false);
        log?.Invoke($"extracting features of {Math.Min(fakes.Count, options.NumGen ?? long.MaxValue)} images from {fakes.Path}");
        using var fake = FeatureExtraction.ForDataset(fakes, detector, options.BatchSize, options.NumGen, captureAll: false, progress);
        return Fid(real, fake);
    }

    /// <summary>
    /// The Fréchet distance, with a warning when a side has fewer images than feature dimensions: its covariance is
    /// then singular (rank ≤ N − 1) and the value is dominated by the estimate's bias, not by the distributions.
    /// </summary>
    private double Fid(FeatureStatistics real, FeatureStatistics fake)
    {
        foreach (var (side, stats) in new[] { ("real", real), ("generated", fake) })
        {
            if (stats.Count < stats.Dims)
            {
                log?.Invoke(
                    $"warning: only {stats.Count} {side} images for {stats.Dims} feature dimensions: the covariance is singular " +
                    $"and FID is strongly biased upwards; the published protocol (fid50k_full) uses every real image " +
                    $"(70,000 for FFHQ) and {PublishedFakeCount:N0} generated ones");
            }
        }
        return FrechetDistance.Compute(real, fake);
    }

    /// <summary>Generated images in StyleGAN2-ADA's fid50k_full.</summary>
    public const int PublishedFakeCount = 50_000;

    /// <summary>Real statistics through the cache when there is one.</summary>
    public FeatureStatistics RealStatistics(ImageFiles reals, IFeatureExtractor extractor, long? maxReal, bool captureAll)
    {
        FeatureStatistics Compute()
        {
            log?.Invoke($"extracting features of {Math.Min(reals.Count, maxReal ?? long.MaxValue)} real images from {reals.Path}");
            return FeatureExtraction.ForDataset(reals, extractor, options.BatchSize, maxReal, captureAll, progress);
        }
        if (cache == null)
        {
            return Compute();
        }
        var stats = cache.GetOrCompute(reals, extractor, maxReal, captureAll, Compute, out var hit);
        if (hit)
        {
            log?.Invoke($"real statistics from the cache ({stats.Count} images)");
        }
        return stats;
    }

    private (FeatureStatistics? Inception, FeatureStatistics? Vgg) FakeStatistics(Func<int, Tensor> fakes, int count,
        IFeatureExtractor? first, bool firstAll, IFeatureExtractor? second)
    {
        if (second == null)
        {
            return (FeatureExtraction.ForGenerator(fakes, count, first!, options.BatchSize, firstAll, progress), null);
        }
        // Two detectors see the same generated batch: draw it once, feed both.
        FeatureStatistics? a = null, b = null;
        try
        {
            var forBoth = new Func<int, Tensor>(n =>
            {
                var images = fakes(n);
                if (first != null)
                {
                    using var scope = DisposeScope.Enter();
                    var features = first.Extract(images);
                    a ??= new FeatureStatistics((int)features.Size(1), firstAll, count);
                    a.Append(features);
                }
                return images;
            });
            b = FeatureExtraction.ForGenerator(forBoth, count, second, options.BatchSize, captureAll: true, progress);
            return (a, b);
        }
        catch
        {
            a?.Dispose();
            b?.Dispose();
            throw;
        }
    }

    private static long? Min(long? a, long? b) => a is { } x ? (b is { } y ? Math.Min(x, y) : x) : b;
}
