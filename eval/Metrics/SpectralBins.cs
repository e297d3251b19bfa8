namespace QirenGan.Eval.Metrics;

/// <summary>
/// Geometry of a centred R×R frequency plane (<see cref="Dft2"/>'s order: index (u, v) ↔ k_y = u − ⌊R/2⌋,
/// k_x = v − ⌊R/2⌋) and its polar bins: rings of unit width in radius × orientation sectors.
/// <para>
/// Radius |k| = √(k_x² + k_y²) in cycles per image; ring j holds the frequencies with round(|k|) = j, j = 1…
/// (round half to even never matters: |k|² is an integer, so |k| is never a half-integer). Orientation θ is the
/// angle of the frequency vector with the vertical axis pointing up (θ = atan2(−k_y, k_x), image rows run down),
/// folded into [0°, 180°): a real image's spectrum is point-symmetric (P(k) = P(−k)), so k and −k share a bin.
/// θ = 0° is a frequency along x (vertical stripes), 90° one along y (horizontal stripes).
/// Sector s (of S) covers [s·Δ − Δ/2, s·Δ + Δ/2) modulo 180°, Δ = 180°/S, i.e. it is centred on s·Δ, so the
/// axes and diagonals fall in the middle of sectors. S is a multiple of 4, which puts every sector boundary at an
/// odd multiple of 180°/(2S) — never 0°, 45°, 90° or 135°, the only angles whose tangent is rational — so no
/// frequency lies on a boundary: a 90° rotation moves sector s to s + S/2 and an x-flip (θ → 180° − θ) moves it to
/// (S − s) mod S exactly.
/// </para>
/// The DC frequency (k = 0) is in no bin.
/// </summary>
public sealed class SpectralBins
{
    /// <param name="size">Image side R (square images).</param>
    /// <param name="sectors">Orientation sectors S over [0°, 180°): a positive multiple of 4.</param>
    public SpectralBins(int size, int sectors)
    {
        if (size < 2)
        {
            throw new ArgumentException($"SpectralBins: image side must be at least 2, got {size}");
        }
        if (sectors < 4 || sectors % 4 != 0)
        {
            throw new ArgumentException($"SpectralBins: sectors must be a positive multiple of 4 (no frequency then lies on a sector boundary), got {sectors}");
        }
        Size = size;
        Sectors = sectors;
        var centre = size / 2;
        var maxRing = 0;
        for (var u = 0; u < size; ++u)
        {
            for (var v = 0; v < size; ++v)
            {
                maxRing = Math.Max(maxRing, Ring(u - centre, v - centre));
            }
        }
        Rings = maxRing;
        BinOf = new int[size * size];
        Counts = new int[Rings * Sectors];
        for (var u = 0; u < size; ++u)
        {
            for (var v = 0; v < size; ++v)
            {
                var (ky, kx) = (u - centre, v - centre);
                var bin = ky == 0 && kx == 0 ? -1 : (Ring(ky, kx) - 1) * Sectors + Sector(Orientation(ky, kx));
                BinOf[u * size + v] = bin;
                if (bin >= 0)
                {
                    ++Counts[bin];
                }
            }
        }
    }

    /// <summary>Image side R.</summary>
    public int Size { get; }

    /// <summary>Orientation sectors S.</summary>
    public int Sectors { get; }

    /// <summary>Rings j = 1…Rings (the outermost holds the corners of the plane, |k| up to R/√2).</summary>
    public int Rings { get; }

    /// <summary>Bins: Rings × Sectors, bin index (j − 1)·S + s.</summary>
    public int Count => Rings * Sectors;

    /// <summary>The bin of each frequency (centred, row-major; −1 for DC).</summary>
    public int[] BinOf { get; }

    /// <summary>Frequencies per bin, m_b (0 for bins no frequency falls in, such as most sectors of ring 1).</summary>
    public int[] Counts { get; }

    /// <summary>
    /// The default sector count for an R×R image: 4·max(2, round(R/32)) — 8 sectors (22.5°) up to 64 px, 16 at
    /// 128, 32 at 256 — so the bins of the outer rings hold a similar number of frequencies (about πR/S ≈ 12 at
    /// |k| ≈ R/2) at every resolution.
    /// </summary>
    public static int DefaultSectors(int size) => 4 * Math.Max(2, (int)Math.Round(size / 32.0, MidpointRounding.AwayFromZero));

    /// <summary>The default binning of an R×R image.</summary>
    public static SpectralBins For(int size) => new(size, DefaultSectors(size));

    /// <summary>The frequency (k_y, k_x) at centred row-major index <paramref name="index"/>.</summary>
    public (int Ky, int Kx) Frequency(int index) => (index / Size - Size / 2, index % Size - Size / 2);

    /// <summary>The ring round(|k|) of a frequency.</summary>
    public static int Ring(int ky, int kx) => (int)Math.Round(Math.Sqrt((double)ky * ky + (double)kx * kx));

    /// <summary>The orientation θ ∈ [0°, 180°) of a non-zero frequency (vertical axis up, see the class comment).</summary>
    public static double Orientation(int ky, int kx)
    {
        var degrees = Math.Atan2(-ky, kx) * 180 / Math.PI;  // (−180°, 180°]
        degrees = degrees < 0 ? degrees + 180 : degrees;
        return degrees >= 180 ? degrees - 180 : degrees;
    }

    /// <summary>The sector of orientation <paramref name="degrees"/> ∈ [0°, 180°).</summary>
    public int Sector(double degrees)
    {
        var width = 180.0 / Sectors;
        return (int)Math.Floor((degrees + width / 2) / width) % Sectors;
    }

    /// <summary>The centre of sector <paramref name="sector"/>, in degrees.</summary>
    public double SectorCentre(int sector) => sector * 180.0 / Sectors;
}
