namespace QirenGan.Eval.Metrics;

/// <summary>One polar bin where generated images carry more power than real ones.</summary>
/// <param name="Ring">Radius ring j (|k| ≈ j cycles per image).</param>
/// <param name="Degrees">Centre of its orientation sector (0° = frequency along x, i.e. vertical stripes).</param>
/// <param name="LogRatio">ln(P_fake,b / P_real,b).</param>
/// <param name="Frequencies">m_b, the DFT frequencies in the bin.</param>
public sealed record SpectralHotspot(int Ring, double Degrees, double LogRatio, int Frequencies);

/// <summary>
/// The spectral excess of generated images over real ones: how much more power the fakes have, frequency band by
/// frequency band, the signature of periodic artefacts (a grille) that FID hardly sees.
/// <para>
/// Definition. Bin the centred frequency plane into polar bins b (<see cref="SpectralBins"/>: unit-width rings ×
/// S orientation sectors, DC excluded), with m_b frequencies each. With P_b the mean of a mean power spectrum
/// (<see cref="PowerSpectrum"/>) over bin b,
/// <code>
///   excess = Σ_b w_b · max(0, ln((P_fake,b + ε) / (P_real,b + ε))) / Σ_b w_b,   w_b = m_b,   ε = 1e-12
/// </code>
/// — the area-weighted mean of the positive log power ratio (ε only keeps empty spectra finite; uint8
/// quantisation alone puts ~1e-6 in every bin). Missing power (blur) does not count, only excess power does. It is
/// 0 for identical spectra and grows with artefacts: a sinusoid adding power E at ±k to a bin whose real power is
/// P_b contributes m_b·ln(1 + 2E/(m_b·P_b)) / Σ m_b.
/// </para>
/// <para>
/// Sampling noise (real vs real). For images of independent Gaussian pixels each P(k) is σ²·Exp(1) (σ²·χ²₁ at the
/// self-conjugate frequencies), P(k) = P(−k), and a bin's mean over N images is σ²·Gamma(N·m_b/2)/(N·m_b/2):
/// relative variance 2/(N·m_b) (not 1/(N·m_b): k and −k share a bin but are one degree of freedom). So
/// ln(P̂_fake,b/P̂_real,b) ≈ N(0, σ_b²), σ_b² = 2·(1/N_fake + 1/N_real)/m_b, E max(0, X) = σ_b/√(2π), and
/// <code>
///   E[excess | same distribution] ≈ Σ_b m_b·σ_b / (√(2π)·Σ_b m_b)        (<see cref="NoiseFloor"/>)
/// </code>
/// Real images have correlated neighbouring frequencies (fewer independent samples), so their floor is higher.
/// </para>
/// </summary>
public static class SpectralExcess
{
    /// <summary>ε added to both powers of a ratio.</summary>
    public const double PowerFloor = 1e-12;

    /// <summary>The excess between per-bin powers (bins with no frequency are skipped).</summary>
    public static double Score(IReadOnlyList<double> fakeBins, IReadOnlyList<double> realBins, IReadOnlyList<int> counts)
    {
        if (fakeBins.Count != realBins.Count || counts.Count != realBins.Count)
        {
            throw new ArgumentException($"SpectralExcess: {fakeBins.Count} fake bins, {realBins.Count} real bins and {counts.Count} counts must agree");
        }
        double sum = 0, weight = 0;
        for (var b = 0; b < counts.Count; ++b)
        {
            if (counts[b] > 0)
            {
                sum += counts[b] * Math.Max(0, LogRatio(fakeBins[b], realBins[b]));
                weight += counts[b];
            }
        }
        return weight > 0 ? sum / weight : 0;
    }

    /// <summary>The excess of a fake spectrum over a real one (centred maps of the same size), binned by <paramref name="bins"/>.</summary>
    public static double Score(double[] fake, double[] real, SpectralBins bins) =>
        Score(BinMeans(fake, bins), BinMeans(real, bins), bins.Counts);

    /// <summary>ln((fake + ε) / (real + ε)).</summary>
    public static double LogRatio(double fake, double real) => Math.Log((fake + PowerFloor) / (real + PowerFloor));

    /// <summary>The mean of a centred map over each bin (NaN for bins without frequencies).</summary>
    public static double[] BinMeans(double[] map, SpectralBins bins)
    {
        if (map.Length != bins.BinOf.Length)
        {
            throw new ArgumentException($"SpectralExcess: a map of {map.Length} values for a {bins.Size}×{bins.Size} plane");
        }
        var sum = new double[bins.Count];
        for (var i = 0; i < map.Length; ++i)
        {
            if (bins.BinOf[i] >= 0)
            {
                sum[bins.BinOf[i]] += map[i];
            }
        }
        return sum.Select((s, b) => bins.Counts[b] > 0 ? s / bins.Counts[b] : double.NaN).ToArray();
    }

    /// <summary>The log ratio per frequency (centred, row-major; 0 at DC).</summary>
    public static double[] LogRatioMap(double[] fake, double[] real)
    {
        if (fake.Length != real.Length)
        {
            throw new ArgumentException($"SpectralExcess: maps of {fake.Length} and {real.Length} values");
        }
        var size = (int)Math.Round(Math.Sqrt(fake.Length));
        var dc = size / 2 * size + size / 2;
        return fake.Select((f, i) => i == dc ? 0 : LogRatio(f, real[i])).ToArray();
    }

    /// <summary>The bins with the largest weighted excess m_b·ln(P_fake,b/P_real,b), largest first (only positive ones).</summary>
    public static IReadOnlyList<SpectralHotspot> Hotspots(double[] fake, double[] real, SpectralBins bins, int count)
    {
        var f = BinMeans(fake, bins);
        var r = BinMeans(real, bins);
        return Enumerable.Range(0, bins.Count)
            .Where(b => bins.Counts[b] > 0)
            .Select(b => new SpectralHotspot(b / bins.Sectors + 1, bins.SectorCentre(b % bins.Sectors), LogRatio(f[b], r[b]), bins.Counts[b]))
            .Where(h => h.LogRatio > 0)
            .OrderByDescending(h => h.Frequencies * h.LogRatio)
            .Take(count)
            .ToList();
    }

    /// <summary>
    /// The expected excess of two independent sets of <paramref name="numFake"/> and <paramref name="numReal"/>
    /// images from one distribution of independent Gaussian pixels (see the class comment): the floor below which
    /// a value is sampling noise. Real images' floor is somewhat higher.
    /// </summary>
    public static double NoiseFloor(SpectralBins bins, long numFake, long numReal)
    {
        double sum = 0, weight = 0;
        foreach (var m in bins.Counts.Where(m => m > 0))
        {
            var sigma = Math.Sqrt(2.0 * (1.0 / numFake + 1.0 / numReal) / m);
            sum += m * sigma / Math.Sqrt(2 * Math.PI);
            weight += m;
        }
        return sum / weight;
    }
}
