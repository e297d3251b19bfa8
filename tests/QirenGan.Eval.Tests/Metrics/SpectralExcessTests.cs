using QirenGan.Eval.Metrics;

namespace QirenGan.Eval.Tests.Metrics;

/// <summary>
/// The spectral excess against its closed forms. Images are independent Gaussian pixels N(0.5, σ²) per channel
/// (float64, not clipped). For them each frequency's power over an image is σ²·Exp(1) (σ²·χ²₁ at the
/// self-conjugate ones) and P(k) = P(−k), so a bin of m frequencies averaged over N images has relative variance
/// 2/(N·m) (half as many degrees of freedom as frequencies), and ln(P̂_fake,b / P̂_real,b) ≈ N(0, σ_b²) with
/// σ_b² = 2·(1/N_f + 1/N_r)/m_b. E max(0, X) = σ_b/√(2π) and Var max(0, X) = σ_b²·(1/2 − 1/(2π)), bins are
/// independent, so for same-distribution sets
///   E[excess] = Σ m_b·σ_b / (√(2π)·M),   sd[excess] = √((1 − 1/π)·(1/N_f + 1/N_r) / M),   M = Σ m_b.
/// At 32×32 with 8 sectors sd is about 13% of the mean, whatever N. Two approximations sit in the expectation: the
/// normal law for a log-gamma ratio (error O(1/(N·m_b)), under 1% here) and the Nyquist row and column, where k
/// and −k can fall into different sectors (2·R of R² frequencies); 3% of the mean covers both.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SpectralExcessTests
{
    private const int R = 32;
    private const double Sigma = 0.1;

    [Fact]
    public void Real_against_real_stays_at_the_sampling_noise_floor()
    {
        // Given 8 independent pairs of sets of 256 white-noise images each (one seed per set)
        using var scope = DisposeScope.Enter();
        const int n = 256, pairs = 8;
        var bins = SpectralBins.For(R);
        var total = bins.Counts.Sum();
        var mean = bins.Counts.Where(m => m > 0).Sum(m => m * Math.Sqrt(2.0 * (2.0 / n) / m)) / (Math.Sqrt(2 * Math.PI) * total);
        var sd = Math.Sqrt((1 - 1 / Math.PI) * (2.0 / n) / total);
        Assert.Equal(R * R - 1, total);

        // When the excess of each pair is measured
        var scores = new List<double>();
        for (var p = 0; p < pairs; ++p)
        {
            using var real = Spectrum(Noise(n, seed: 100 + 2 * p));
            using var fake = Spectrum(Noise(n, seed: 101 + 2 * p));
            scores.Add(new SpectrumComparison(real, fake).Excess(SpectrumChannel.Grey));
        }

        // Then every value is within 4 sd of the derived mean (a 1-in-16,000 event per value for a normal law), and the
        // mean of the 8 is within 4 sd/√8 + 3% of it (this separates the derivation from the naive σ_b² = 1/(N·m_b),
        // whose mean is √2 smaller); the code's own noise floor is that mean
        Assert.All(scores, s => Assert.InRange(s, mean - 4 * sd, mean + 4 * sd));
        Close.Scalar(mean, scores.Average(), 4 * sd / Math.Sqrt(pairs) + 0.03 * mean, "mean excess of same-distribution sets");
        Close.Scalar(mean, SpectralExcess.NoiseFloor(bins, n, n), 1e-12, "NoiseFloor");
    }

    [Fact]
    public void An_injected_sinusoid_scores_its_closed_form()
    {
        // Given 512 white-noise images and 512 others to which a·cos(2π(7x − 5y)/R + φ_i) is added in every channel
        // (a = 0.15, a random phase per image): frequency k = (k_y −5, k_x 7), ring round(√74) = 9, orientation
        // atan2(5, 7) = 35.5°, in the 45° sector
        using var scope = DisposeScope.Enter();
        const int n = 512;
        const double a = 0.15;
        using var g = new RandomGenerator(7);
        var phases = Tensors.Rand([n, 1, 1, 1], g, ScalarType.Float64).Mul(2 * Math.PI);
        var y = Tensors.Arange(0, R, dtype: ScalarType.Float64).View(1, 1, R, 1);
        var x = Tensors.Arange(0, R, dtype: ScalarType.Float64).View(1, 1, 1, R);
        var wave = x.Mul(7).Sub(y.Mul(5)).Mul(2 * Math.PI / R).Add(phases).Cos().Mul(a);  // [N, 1, R, R]
        using var real = Spectrum(Noise(n, seed: 31));
        using var fake = Spectrum(Noise(n, seed: 32).Add(wave));

        // When the excess is measured
        var comparison = new SpectrumComparison(real, fake);
        var bins = comparison.Bins;
        var target = (9 - 1) * bins.Sectors + 2;
        var m = bins.Counts[target];
        var total = bins.Counts.Sum();

        // Then the sinusoid's bin has ln(1 + 2·E / (m·P)), E = a²R²/4 its power at each of ±k and P the noise power
        // per frequency: σ² in a colour channel, σ²·Σw² in grey (luma weights w; the wave's grey amplitude is a·Σw = a).
        // Noise moves it by at most 5 sd, sd² = 3/(N·m) + 2/(N·m) (the wave–noise cross term adds at most 1/(N·m))
        var binSd = Math.Sqrt(5.0 / (n * m));
        var lumaSquares = PowerSpectrum.LumaWeights.Sum(w => w * w);
        foreach (var (channel, noisePower) in new[] { (SpectrumChannel.Red, Sigma * Sigma), (SpectrumChannel.Grey, Sigma * Sigma * lumaSquares) })
        {
            var expectedBin = Math.Log(1 + 2 * (a * a * R * R / 4) / (m * noisePower));
            var bin = SpectralExcess.LogRatio(SpectralExcess.BinMeans(comparison.Fake(channel), bins)[target],
                SpectralExcess.BinMeans(comparison.Real(channel), bins)[target]);
            Close.Scalar(expectedBin, bin, 5 * binSd, $"{channel} log ratio in the sinusoid's bin");

            // and the excess is that bin's share plus the noise floor of every other bin (4 sd of the noise, 3% of the
            // floor, the bin's own 5 sd)
            var others = bins.Counts.Where((c, b) => c > 0 && b != target).Sum(c => c * Math.Sqrt(2.0 * (2.0 / n) / c)) / (Math.Sqrt(2 * Math.PI) * total);
            var expected = m * expectedBin / total + others;
            var tolerance = 4 * Math.Sqrt((1 - 1 / Math.PI) * (2.0 / n) / total) + 0.03 * others + m * 5 * binSd / total;
            Close.Scalar(expected, comparison.Excess(channel), tolerance, $"{channel} excess");
        }
        // and the largest contribution comes from that bin
        var top = SpectralExcess.Hotspots(comparison.Fake(SpectrumChannel.Grey), comparison.Real(SpectrumChannel.Grey), bins, 1).Single();
        Assert.Equal((9, 45.0, m), (top.Ring, top.Degrees, top.Frequencies));
    }

    [Fact]
    public void Identical_spectra_score_zero_and_missing_power_does_not_count()
    {
        using var scope = DisposeScope.Enter();
        var bins = SpectralBins.For(16);
        var real = Enumerable.Range(0, 256).Select(i => 1.0 + i % 7).ToArray();
        var half = real.Select(p => p / 2).ToArray();
        var twice = real.Select(p => p * 2).ToArray();

        Assert.Equal(0, SpectralExcess.Score(real, real, bins));
        Assert.Equal(0, SpectralExcess.Score(half, real, bins));
        // Twice the power everywhere: ln 2 in every bin, whatever the weights
        Close.Scalar(Math.Log(2), SpectralExcess.Score(twice, real, bins), 1e-12, "uniform excess");
    }

    private static Tensor Noise(int n, int seed)
    {
        using var g = new RandomGenerator((ulong)seed);
        return Tensors.Randn([n, 3, R, R], g, ScalarType.Float64).Mul(Sigma).Add(0.5);
    }

    private static PowerSpectrum Spectrum(Tensor images)
    {
        var spectrum = new PowerSpectrum(R, R);
        spectrum.Append(images);
        return spectrum;
    }
}
