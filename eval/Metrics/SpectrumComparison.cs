using System.Globalization;
using System.Text;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// Generated against real mean power spectra (<see cref="PowerSpectrum"/>) of R×R images: the spectral excess per
/// channel (<see cref="SpectralExcess"/>), the log-ratio map and its radial and angular profiles. A plain value:
/// the spectra are copied out, nothing to dispose.
/// </summary>
public sealed class SpectrumComparison
{
    /// <summary>Metric rows: spectrum_excess (grey) and spectrum_excess_r, _g, _b.</summary>
    public static readonly IReadOnlyList<(SpectrumChannel Channel, string Metric)> Rows =
    [
        (SpectrumChannel.Grey, "spectrum_excess"),
        (SpectrumChannel.Red, "spectrum_excess_r"),
        (SpectrumChannel.Green, "spectrum_excess_g"),
        (SpectrumChannel.Blue, "spectrum_excess_b"),
    ];

    private readonly double[][] _real;
    private readonly double[][] _fake;

    /// <param name="real">Spectrum of the real images.</param>
    /// <param name="fake">Spectrum of the generated images (same size).</param>
    /// <param name="bins">Polar bins (default: <see cref="SpectralBins.For"/> of the size).</param>
    public SpectrumComparison(PowerSpectrum real, PowerSpectrum fake, SpectralBins? bins = null)
    {
        if (real.Height != fake.Height || real.Width != fake.Width)
        {
            throw new ArgumentException($"SpectrumComparison: real images are {real.Width}×{real.Height} but generated ones {fake.Width}×{fake.Height}");
        }
        if (real.Height != real.Width)
        {
            throw new ArgumentException($"SpectrumComparison: square images only, got {real.Width}×{real.Height}");
        }
        Size = real.Height;
        Bins = bins ?? SpectralBins.For(Size);
        if (Bins.Size != Size)
        {
            throw new ArgumentException($"SpectrumComparison: bins for {Bins.Size} px, images of {Size} px");
        }
        NumReal = real.Count;
        NumFake = fake.Count;
        _real = Enumerable.Range(0, PowerSpectrum.Channels).Select(c => (double[])real.Mean((SpectrumChannel)c).Clone()).ToArray();
        _fake = Enumerable.Range(0, PowerSpectrum.Channels).Select(c => (double[])fake.Mean((SpectrumChannel)c).Clone()).ToArray();
    }

    public int Size { get; }

    public SpectralBins Bins { get; }

    public long NumReal { get; }

    public long NumFake { get; }

    public double[] Real(SpectrumChannel channel) => _real[(int)channel];

    public double[] Fake(SpectrumChannel channel) => _fake[(int)channel];

    public double Excess(SpectrumChannel channel) => SpectralExcess.Score(Fake(channel), Real(channel), Bins);

    /// <summary>The metric rows (<see cref="Rows"/>).</summary>
    public IReadOnlyList<MetricResult> Results() => Rows.Select(r => new MetricResult(r.Metric, Excess(r.Channel))).ToList();

    /// <summary>Expected excess of two same-distribution sets of these sizes (<see cref="SpectralExcess.NoiseFloor"/>).</summary>
    public double NoiseFloor => SpectralExcess.NoiseFloor(Bins, NumFake, NumReal);

    /// <summary>ln(P_fake(k)/P_real(k)) per frequency, centred row-major (0 at DC).</summary>
    public double[] LogRatioMap(SpectrumChannel channel = SpectrumChannel.Grey) => SpectralExcess.LogRatioMap(Fake(channel), Real(channel));

    /// <summary>Mean power per integer radius j = 0…(corner) of the real and generated spectra (<see cref="PowerSpectrum.RingMeans"/>).</summary>
    public (double[] Real, double[] Fake) Radial(SpectrumChannel channel = SpectrumChannel.Grey) =>
        (PowerSpectrum.RingMeans(Real(channel), Size), PowerSpectrum.RingMeans(Fake(channel), Size));

    /// <summary>Mean power per orientation sector (Bins.Sectors of them, within |k| ≤ R/2) of the real and generated spectra.</summary>
    public (double[] Real, double[] Fake) Angular(SpectrumChannel channel = SpectrumChannel.Grey) =>
        (PowerSpectrum.SectorMeans(Real(channel), Size, Bins.Sectors), PowerSpectrum.SectorMeans(Fake(channel), Size, Bins.Sectors));

    /// <summary>
    /// The grey log ratio ln(Σ P_fake / Σ P_real) over radius bands of equal width (1 up to 32 px images; at most
    /// 16 bands) covering rings 1…R/2.
    /// </summary>
    public (double[] LogRatios, int Width) RadialBands(SpectrumChannel channel = SpectrumChannel.Grey)
    {
        var last = Size / 2;
        var width = Math.Max(1, (last + 15) / 16);
        var count = (last + width - 1) / width;
        var (real, fake) = (new double[count], new double[count]);
        var (r, f) = (Real(channel), Fake(channel));
        for (var i = 0; i < r.Length; ++i)
        {
            var (ky, kx) = Bins.Frequency(i);
            var ring = SpectralBins.Ring(ky, kx);
            if (ring >= 1 && ring <= last)
            {
                real[(ring - 1) / width] += r[i];
                fake[(ring - 1) / width] += f[i];
            }
        }
        return (fake.Select((x, b) => SpectralExcess.LogRatio(x, real[b])).ToArray(), width);
    }

    /// <summary>
    /// A few lines for a terminal: the excess per channel against the noise floor, the grey log ratio per radius
    /// and per orientation, and the bins that contribute most.
    /// </summary>
    public string Summary(int hotspots = 5)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"spectrum: {NumFake} generated vs {NumReal} real images, {Size}×{Size}, {Bins.Rings} rings × {Bins.Sectors} sectors; " +
                           $"noise floor (white-noise estimate) {NoiseFloor:0.#####}");
        text.AppendLine("  excess  " + string.Join("  ", Rows.Select(r => $"{Short(r.Channel)} {Excess(r.Channel).ToString("0.#####", c)}")));
        var (bands, width) = RadialBands();
        var radial = string.Join(" ", bands.Select(v => v.ToString("+0.00;-0.00;0.00", c)));
        text.AppendLine(c, $"  ln(fake/real) by radius |k| (bands of {width}, from 1 to {Size / 2}): {radial}");
        var (realA, fakeA) = Angular();
        text.AppendLine("  ln(fake/real) by orientation: " +
                        string.Join("  ", Enumerable.Range(0, realA.Length).Select(s => $"{Bins.SectorCentre(s).ToString("0.#", c)}° {SpectralExcess.LogRatio(fakeA[s], realA[s]).ToString("+0.00;-0.00;0.00", c)}")));
        var top = SpectralExcess.Hotspots(Fake(SpectrumChannel.Grey), Real(SpectrumChannel.Grey), Bins, hotspots);
        if (top.Count > 0)
        {
            text.AppendLine("  largest excess (ring |k|, orientation, ln ratio, frequencies): " +
                            string.Join("; ", top.Select(h => $"{h.Ring}, {h.Degrees.ToString("0.#", c)}°, {h.LogRatio.ToString("+0.00", c)}, {h.Frequencies}")));
        }
        return text.ToString().TrimEnd();
    }

    private static string Short(SpectrumChannel channel) => channel switch
    {
        SpectrumChannel.Grey => "grey",
        SpectrumChannel.Red => "R",
        SpectrumChannel.Green => "G",
        _ => "B",
    };
}
