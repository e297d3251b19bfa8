using System.Globalization;
using QirenGan.Torch;
using QirenGan.Torch.Checkpoints;

namespace QirenGan.Eval.Metrics;

/// <summary>The channels of a <see cref="PowerSpectrum"/>: luma and the three colours.</summary>
public enum SpectrumChannel
{
    /// <summary>Luma, 0.299·R + 0.587·G + 0.114·B (ITU-R BT.601, as PIL's convert('L')).</summary>
    Grey = 0,
    Red = 1,
    Green = 2,
    Blue = 3,
}

/// <summary>
/// The mean 2-D power spectrum of a set of RGB images, per channel (grey and R, G, B), streamed batch by batch —
/// the standard diagnostic of periodic generator artefacts (Durall et al., "Watch your up-convolution", CVPR 2020;
/// Dzanic et al., "Fourier spectrum discrepancies in deep network generated images", NeurIPS 2020).
/// <para>
/// For each image and channel x (values in [0, 1]: uint8/255), its mean is removed (the DC term carries no
/// artefact information and would dwarf everything else), then P(k) = |X(k)|² / (H·W) with X the DFT
/// (<see cref="Dft2"/>). With this normalisation white noise of variance σ² has E P(k) = σ² at every k, and
/// Parseval gives Σ_k P(k) = Σ_n (x_n − x̄)². The spectrum is the mean of P over the images, accumulated in
/// float64. Grey is transformed as the luma of the colour transforms (the DFT is linear), so three transforms
/// per image give all four channels. Frequencies are centred (<see cref="Dft2"/>'s order).
/// </para>
/// </summary>
public sealed class PowerSpectrum : IDisposable
{
    /// <summary>The format tag written into saved files.</summary>
    public const string Format = "qirengan-power-spectrum-v1";

    public const int Channels = 4;

    /// <summary>Luma weights of R, G, B (ITU-R BT.601).</summary>
    public static readonly double[] LumaWeights = [0.299, 0.587, 0.114];

    /// <summary>Pixels (images × H × W) per internal DFT chunk: bounds the float64 intermediates at ~100 MB.</summary>
    private const long ChunkPixels = 1 << 20;

    private readonly Tensor _sum;  // [4, H, W] float64 on the CPU: Σ over images of P per channel
    private Dft2? _dft;
    private Device? _dftDevice;
    private double[][]? _mean;

    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="maxItems">Images beyond this count are ignored (null = no limit).</param>
    public PowerSpectrum(int height, int width, long? maxItems = null)
    {
        if (height < 1 || width < 1)
        {
            throw new ArgumentException($"PowerSpectrum: image size must be positive, got {height}×{width}");
        }
        Height = height;
        Width = width;
        MaxItems = maxItems;
        _sum = Tensors.Zeros([Channels, height, width], ScalarType.Float64).DetachFromDisposeScope();
    }

    public int Height { get; }

    public int Width { get; }

    public long? MaxItems { get; }

    /// <summary>Images accumulated so far.</summary>
    public long Count { get; private set; }

    /// <summary>How many more images are wanted (long.MaxValue without a limit).</summary>
    public long Remaining => MaxItems is { } max ? Math.Max(0, max - Count) : long.MaxValue;

    /// <summary>
    /// Adds RGB images [B, 3, H, W]: uint8 (0–255, divided by 255) or floating point already in [0, 1]; any device
    /// (the transform runs there). Images past <see cref="MaxItems"/> are dropped.
    /// </summary>
    public void Append(Tensor images)
    {
        if (images.Dim != 4 || images.Size(1) != 3 || images.Size(2) != Height || images.Size(3) != Width)
        {
            throw new ArgumentException($"PowerSpectrum.Append: expected RGB images [B, 3, {Height}, {Width}], got {images.DType} [{string.Join(", ", images.Shape)}]");
        }
        var take = Math.Min(images.Size(0), Remaining);
        if (take <= 0)
        {
            return;
        }
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var device = images.Device;
        if (_dft is null || _dftDevice != device)
        {
            _dft?.Dispose();
            _dft = new Dft2(Height, Width, device);
            _dftDevice = device;
        }
        var luma = Tensors.FromArray(LumaWeights, [1, 3, 1, 1]).To(device);
        var scale = images.DType == ScalarType.UInt8 ? 1.0 / 255 : 1.0;
        var chunk = Math.Max(1, ChunkPixels / ((long)Height * Width));
        for (long start = 0; start < take; start += chunk)
        {
            using var inner = DisposeScope.Enter();
            var n = Math.Min(chunk, take - start);
            var x = images.Detach().Narrow(0, start, n).To(ScalarType.Float64).Mul(scale);  // [n, 3, H, W]
            x = x.Sub(x.Mean([2, 3], keepDim: true));
            var (re, im) = _dft.Forward(x);
            // Grey's transform is the luma of the colour transforms: [n, 4, H, W] = (grey, R, G, B).
            re = Tensors.Cat([re.Mul(luma).Sum(1, keepDim: true), re], 1);
            im = Tensors.Cat([im.Mul(luma).Sum(1, keepDim: true), im], 1);
            var power = re.Square().Add(im.Square()).Div((double)Height * Width);
            _sum.Add_(power.Sum(0).Cpu());
        }
        Count += take;
        _mean = null;
    }

    /// <summary>
    /// The mean spectrum of <paramref name="channel"/>, centred, row-major [H·W] (index (u, v) ↔
    /// k_y = u − ⌊H/2⌋, k_x = v − ⌊W/2⌋). Owned by this object: do not modify.
    /// </summary>
    public double[] Mean(SpectrumChannel channel)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("PowerSpectrum: no images were appended");
        }
        if (_mean is null)
        {
            using var scope = DisposeScope.Enter();
            var all = _sum.Div((double)Count).Contiguous().ToArray<double>();
            var plane = Height * Width;
            _mean = Enumerable.Range(0, Channels).Select(c => all.AsSpan(c * plane, plane).ToArray()).ToArray();
        }
        return _mean[(int)channel];
    }

    /// <summary>
    /// Mean power per integer radius: entry j is the mean of the spectrum over the frequencies with
    /// round(|k|) = j, for j = 0 (DC alone: 0 after mean removal) up to the corner of the plane. Square images.
    /// </summary>
    public double[] RadialProfile(SpectrumChannel channel) => RingMeans(Mean(channel), RequireSquare());

    /// <summary>
    /// Mean power per orientation sector (<see cref="SpectralBins"/>' convention: sector s centred on s·180°/S),
    /// over the frequencies with 0 &lt; |k| ≤ R/2 — the inscribed disc, so the plane's corners (which exist only
    /// near the diagonals) do not favour 45° and 135°. Square images.
    /// </summary>
    public double[] AngularProfile(SpectrumChannel channel, int sectors) => SectorMeans(Mean(channel), RequireSquare(), sectors);

    /// <summary>Means of a centred R×R map over each integer radius (NaN where a radius has no frequency).</summary>
    public static double[] RingMeans(double[] map, int size)
    {
        var centre = size / 2;
        var rings = SpectralBins.Ring(centre, centre) + 1;
        var sum = new double[rings];
        var count = new int[rings];
        for (var i = 0; i < map.Length; ++i)
        {
            var j = SpectralBins.Ring(i / size - centre, i % size - centre);
            sum[j] += map[i];
            ++count[j];
        }
        return sum.Select((s, j) => count[j] > 0 ? s / count[j] : double.NaN).ToArray();
    }

    /// <summary>Means of a centred R×R map over each orientation sector, within 0 &lt; |k| ≤ R/2.</summary>
    public static double[] SectorMeans(double[] map, int size, int sectors)
    {
        var bins = new SpectralBins(size, sectors);
        var centre = size / 2;
        var sum = new double[sectors];
        var count = new int[sectors];
        for (var i = 0; i < map.Length; ++i)
        {
            var (ky, kx) = (i / size - centre, i % size - centre);
            var r2 = (long)ky * ky + (long)kx * kx;
            if (r2 == 0 || 4 * r2 > (long)size * size)
            {
                continue;
            }
            var s = bins.Sector(SpectralBins.Orientation(ky, kx));
            sum[s] += map[i];
            ++count[s];
        }
        return sum.Select((s, j) => count[j] > 0 ? s / count[j] : double.NaN).ToArray();
    }

    /// <summary>Writes the running sums, count and size (and <paramref name="metadata"/>) to a safetensors file, atomically.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["format"] = Format,
            ["count"] = Count.ToString(CultureInfo.InvariantCulture),
            ["max_items"] = MaxItems?.ToString(CultureInfo.InvariantCulture) ?? "",
        };
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["power_sum"] = _sum }, meta);
    }

    /// <summary>Reads a spectrum written by <see cref="Save"/>; a file of another kind raises an error naming it.</summary>
    public static PowerSpectrum Load(string path)
    {
        var (tensors, metadata) = SafeTensors.Read(path);
        try
        {
            if (!metadata.TryGetValue("format", out var format) || format != Format || !tensors.TryGetValue("power_sum", out var sum)
                || sum.Dim != 3 || sum.Size(0) != Channels || sum.DType != ScalarType.Float64
                || !long.TryParse(metadata.GetValueOrDefault("count"), CultureInfo.InvariantCulture, out var count) || count <= 0)
            {
                throw new InvalidDataException($"{path}: not a power-spectrum file (expected format '{Format}' with power_sum [4, H, W] float64 and count)");
            }
            long? maxItems = long.TryParse(metadata.GetValueOrDefault("max_items"), CultureInfo.InvariantCulture, out var m) ? m : null;
            var spectrum = new PowerSpectrum((int)sum.Size(1), (int)sum.Size(2), maxItems);
            spectrum._sum.Copy_(sum);
            spectrum.Count = count;
            return spectrum;
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _sum.Dispose();
        _dft?.Dispose();
    }

    private int RequireSquare() =>
        Height == Width ? Height : throw new InvalidOperationException($"PowerSpectrum: radial and angular profiles need square images, got {Height}×{Width}");
}
