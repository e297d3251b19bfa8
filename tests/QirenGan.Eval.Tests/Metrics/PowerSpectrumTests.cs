using QirenGan.Eval.Metrics;

namespace QirenGan.Eval.Tests.Metrics;

[Collection(TorchCollection.Name)]
public sealed class PowerSpectrumTests
{
    [Fact]
    public void The_matrix_dft_equals_the_direct_double_sum_with_centred_frequencies()
    {
        // Given a random 6×5 image (odd width: the centring must hold for both parities)
        using var scope = DisposeScope.Enter();
        const int h = 6, w = 5;
        var rng = new Random(3);
        var x = Enumerable.Range(0, h * w).Select(_ => rng.NextDouble()).ToArray();

        // When it is transformed by matrix products
        using var dft = new Dft2(h, w, Device.Cpu);
        var (re, im) = dft.Forward(Tensors.FromArray(x, [1, h, w]));

        // Then every coefficient equals Σ x·e^{−2πi(k_y·y/H + k_x·x/W)} written out, with k_y = u − 3, k_x = v − 2
        var expectedRe = new double[h * w];
        var expectedIm = new double[h * w];
        for (var u = 0; u < h; ++u)
        {
            for (var v = 0; v < w; ++v)
            {
                for (var y = 0; y < h; ++y)
                {
                    for (var xx = 0; xx < w; ++xx)
                    {
                        var phase = -2 * Math.PI * ((u - h / 2) * y / (double)h + (v - w / 2) * xx / (double)w);
                        expectedRe[u * w + v] += x[y * w + xx] * Math.Cos(phase);
                        expectedIm[u * w + v] += x[y * w + xx] * Math.Sin(phase);
                    }
                }
            }
        }
        Close.All(expectedRe, re.Contiguous().ToArray<double>(), 1e-12, what: "Re X");
        Close.All(expectedIm, im.Contiguous().ToArray<double>(), 1e-12, what: "Im X");
    }

    [Fact]
    public void A_pure_cosine_puts_all_its_power_into_its_two_frequencies()
    {
        // Given 16×16 images whose red channel is 0.5 + a·cos(2π(3x + 2y)/16 + φ) (a = 0.25, a phase per image) and
        // whose green and blue are constant
        using var scope = DisposeScope.Enter();
        const int r = 16;
        const double a = 0.25;
        var images = new double[3 * 3 * r * r];
        for (var i = 0; i < 3; ++i)
        {
            for (var y = 0; y < r; ++y)
            {
                for (var x = 0; x < r; ++x)
                {
                    var p = i * 3 * r * r + y * r + x;
                    images[p] = 0.5 + a * Math.Cos(2 * Math.PI * (3 * x + 2 * y) / r + i);
                    images[p + r * r] = 0.3;
                    images[p + 2 * r * r] = 0.8;
                }
            }
        }
        using var spectrum = new PowerSpectrum(r, r);

        // When the spectrum is accumulated
        spectrum.Append(Tensors.FromArray(images, [3, 3, r, r]));

        // Then red has P = a²·R²/4 = 4 at k = ±(k_y 2, k_x 3) and nothing anywhere else (the sum of the cosine's
        // e^{±iθ} halves, |a·R²/2|² / R²), green and blue nothing, grey 0.299² of red (the luma of the transforms)
        var red = spectrum.Mean(SpectrumChannel.Red);
        int Index(int ky, int kx) => (ky + r / 2) * r + kx + r / 2;
        var expected = new double[r * r];
        expected[Index(2, 3)] = expected[Index(-2, -3)] = a * a * r * r / 4;
        Close.All(expected, red, 1e-12, what: "red spectrum");
        Close.All(new double[r * r], spectrum.Mean(SpectrumChannel.Green), 1e-24, what: "green spectrum");
        Close.All(expected.Select(p => 0.299 * 0.299 * p).ToArray(), spectrum.Mean(SpectrumChannel.Grey), 1e-12, what: "grey spectrum");
        // and Parseval: the total equals Σ(x − x̄)² = R²·a²/2 = 8
        Close.Scalar(r * r * a * a / 2, red.Sum(), 1e-10, "Σ P");
        // and both frequencies fall into one polar bin: ring round(√13) = 4, orientation atan2(−2, 3) folded = 146.3°
        var bins = SpectralBins.For(r);
        Assert.Equal(bins.BinOf[Index(2, 3)], bins.BinOf[Index(-2, -3)]);
        Assert.Equal((4 - 1) * bins.Sectors + bins.Sector(180 - Math.Atan2(2, 3) * 180 / Math.PI), bins.BinOf[Index(2, 3)]);
    }

    [Fact]
    public void Parseval_holds_for_every_channel_of_random_uint8_images()
    {
        // Given 5 random uint8 images of 8×8
        using var scope = DisposeScope.Enter();
        const int r = 8, n = 5;
        var bytes = new byte[n * 3 * r * r];
        new Random(11).NextBytes(bytes);
        using var spectrum = new PowerSpectrum(r, r);

        // When their spectrum is accumulated in two batches
        var images = Tensors.FromArray(bytes, [n, 3, r, r]);
        spectrum.Append(images.Narrow(0, 0, 2));
        spectrum.Append(images.Narrow(0, 2, 3));

        // Then each channel's total power is the mean over images of Σ(x − x̄)² with x = byte/255 (grey: the luma)
        var expected = new double[4];
        for (var i = 0; i < n; ++i)
        {
            var channels = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, r * r).Select(p => bytes[(i * 3 + c) * r * r + p] / 255.0).ToArray()).ToArray();
            var grey = Enumerable.Range(0, r * r).Select(p => 0.299 * channels[0][p] + 0.587 * channels[1][p] + 0.114 * channels[2][p]).ToArray();
            foreach (var (c, values) in new[] { (0, grey), (1, channels[0]), (2, channels[1]), (3, channels[2]) })
            {
                var mean = values.Average();
                expected[c] += values.Sum(v => (v - mean) * (v - mean)) / n;
            }
        }
        for (var c = 0; c < 4; ++c)
        {
            Close.Scalar(expected[c], spectrum.Mean((SpectrumChannel)c).Sum(), 1e-12, $"Σ P of channel {(SpectrumChannel)c}");
        }
        Assert.Equal(n, spectrum.Count);
    }

    [Fact]
    public void Rotating_by_90_degrees_shifts_the_angular_profile_and_an_x_flip_mirrors_it()
    {
        // Given 64 noisy 32×32 images with stripes along k = (k_y −3, k_x 5) (orientation atan2(3, 5) = 31°, in the
        // 22.5° sector of 8), the same images rotated by 90° and the same images flipped left-right
        using var scope = DisposeScope.Enter();
        const int r = 32;
        using var g = new RandomGenerator(21);
        var noise = Tensors.Randn([64, 3, r, r], g, ScalarType.Float64).Mul(0.05);
        var y = Tensors.Arange(0, r, dtype: ScalarType.Float64).View(r, 1);
        var x = Tensors.Arange(0, r, dtype: ScalarType.Float64).View(1, r);
        var stripes = x.Mul(5).Add(y.Mul(-3)).Mul(2 * Math.PI / r).Cos().Mul(0.2);  // [R, R]
        var images = noise.Add(stripes).Add(0.5);
        var rotated = images.Transpose(2, 3).Flip(3);  // 90° rotation of every image
        var flipped = images.Flip(3);

        using var original = new PowerSpectrum(r, r);
        using var turned = new PowerSpectrum(r, r);
        using var mirrored = new PowerSpectrum(r, r);
        original.Append(images);
        turned.Append(rotated);
        mirrored.Append(flipped);

        // When the angular profiles over 8 sectors of 22.5° are taken
        const int s = 8;
        var a = original.AngularProfile(SpectrumChannel.Grey, s);
        var b = turned.AngularProfile(SpectrumChannel.Grey, s);
        var m = mirrored.AngularProfile(SpectrumChannel.Grey, s);

        // Then the peak is at 22.5°, at 112.5° after the rotation and at 157.5° after the flip, and the profiles are
        // the same numbers permuted (a rotation or flip permutes the frequencies of the inscribed disc; circular
        // shifts from the rotation centre change no power): b[j] = a[j − 4], m[j] = a[(8 − j) mod 8]
        Assert.Equal(1, ArgMax(a));
        Assert.Equal(5, ArgMax(b));
        Assert.Equal(7, ArgMax(m));
        Close.All(Enumerable.Range(0, s).Select(j => a[(j + s / 2) % s]).ToArray(), b, 1e-12, 1e-9, "rotated profile");
        Close.All(Enumerable.Range(0, s).Select(j => a[(s - j) % s]).ToArray(), m, 1e-12, 1e-9, "flipped profile");
        // and the radial profile does not change at all
        Close.All(original.RadialProfile(SpectrumChannel.Grey), turned.RadialProfile(SpectrumChannel.Grey), 1e-12, 1e-9, "radial profile");
    }

    [Fact]
    public void Uint8_images_are_read_as_byte_over_255_and_the_limit_drops_later_images()
    {
        using var scope = DisposeScope.Enter();
        var bytes = new byte[4 * 3 * 8 * 8];
        new Random(5).NextBytes(bytes);
        var asBytes = Tensors.FromArray(bytes, [4, 3, 8, 8]);
        using var fromBytes = new PowerSpectrum(8, 8, maxItems: 3);
        using var fromFloats = new PowerSpectrum(8, 8);

        fromBytes.Append(asBytes);
        fromFloats.Append(asBytes.Narrow(0, 0, 3).To(ScalarType.Float32).Div(255));

        Assert.Equal(3, fromBytes.Count);
        Close.All(fromFloats.Mean(SpectrumChannel.Grey), fromBytes.Mean(SpectrumChannel.Grey), 1e-9, 1e-6, "grey spectrum");
    }

    [Fact]
    public void A_saved_spectrum_loads_back_with_its_count()
    {
        using var scope = DisposeScope.Enter();
        using var tmp = Repo.TempDir();
        var bytes = new byte[2 * 3 * 8 * 8];
        new Random(8).NextBytes(bytes);
        using var spectrum = new PowerSpectrum(8, 8);
        spectrum.Append(Tensors.FromArray(bytes, [2, 3, 8, 8]));

        spectrum.Save(tmp.File("s.safetensors"));
        using var loaded = PowerSpectrum.Load(tmp.File("s.safetensors"));

        Assert.Equal(2, loaded.Count);
        Close.All(spectrum.Mean(SpectrumChannel.Blue), loaded.Mean(SpectrumChannel.Blue), 0, what: "blue spectrum");
        Assert.Throws<InvalidDataException>(() => PowerSpectrum.Load(Repo.Fixture("tiny-detector.pt")));
    }

    private static int ArgMax(double[] values) => Array.IndexOf(values, values.Max());
}
