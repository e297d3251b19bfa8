namespace QirenGan.Eval.Metrics;

/// <summary>What a metric measures.</summary>
public enum MetricKind
{
    Fid,
    Kid,
    PrecisionRecall,

    /// <summary>Spectral excess of generated over real power spectra (<see cref="SpectralExcess"/>); no detector.</summary>
    Spectrum,

    /// <summary>Edge-map correlation of generated over real images (<see cref="LayoutDiversity"/>); no detector.</summary>
    Layout,
}

/// <summary>
/// A named metric with StyleGAN2-ADA's settings (<c>metrics/metric_main.py</c>): the "_full" variants use every
/// real image (up to the stated cap), none flipped, against 50,000 generated ones. `spectrum` (this project's)
/// compares mean power spectra of up to 50,000 reals and 10,000 fakes: its sampling noise is far below its signal
/// at that size (<see cref="SpectralExcess.NoiseFloor"/>), and it needs no detector; so does `layout`
/// (<see cref="LayoutDiversity"/>), with the same counts.
/// </summary>
/// <param name="Name">fid50k_full, kid50k_full, pr50k3_full, fid50k, kid50k, pr50k3, spectrum or layout.</param>
/// <param name="Kind">FID, KID, precision/recall, spectrum or layout.</param>
/// <param name="MaxReal">Real images used (null = all).</param>
/// <param name="NumGen">Generated images used.</param>
public sealed record MetricDefinition(string Name, MetricKind Kind, long? MaxReal, int NumGen)
{
    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        new("fid50k_full", MetricKind.Fid, null, 50_000),
        new("kid50k_full", MetricKind.Kid, 1_000_000, 50_000),
        new("pr50k3_full", MetricKind.PrecisionRecall, 200_000, 50_000),
        new("fid50k", MetricKind.Fid, 50_000, 50_000),
        new("kid50k", MetricKind.Kid, 50_000, 50_000),
        new("pr50k3", MetricKind.PrecisionRecall, 50_000, 50_000),
        new("spectrum", MetricKind.Spectrum, 50_000, 10_000),
        new(LayoutDiversity.Metric, MetricKind.Layout, 50_000, 10_000),
    ];

    /// <summary>Whether the metric runs images through a detector network (Inception or VGG16).</summary>
    public bool NeedsDetector => Kind is not (MetricKind.Spectrum or MetricKind.Layout);

    /// <summary>The definition named <paramref name="name"/>; an unknown name raises an error listing the known ones.</summary>
    public static MetricDefinition Parse(string name) =>
        All.FirstOrDefault(m => m.Name == name.Trim())
        ?? throw new ArgumentException($"unknown metric '{name}'; known: {string.Join(", ", All.Select(m => m.Name))}");

    /// <summary>A comma-separated list of names.</summary>
    public static IReadOnlyList<MetricDefinition> ParseList(string names) =>
        names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).Distinct().ToList();
}
