using QirenGan.Generator.Coordinates;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Generator.Signals;

/// <summary>
/// A signal to represent as coordinates → values: an image ((x, y) → RGB or grey in [−1, 1]) or audio (time →
/// channels in [−1, 1]), sampled on the GAN grid (2j/N − 1) or the official signal experiments' linspace grid.
/// Owns its two float32 tensors.
/// </summary>
public sealed class Signal : IDisposable
{
    // skimage.color.rgb2gray's luma weights (ITU-R BT.709), which the official QIREN image loader uses.
    private static readonly double[] GreyWeights = [0.2125, 0.7154, 0.0721];

    private Signal(SignalKind kind, Tensor coordinates, Tensor values, int width, int height, int sampleRate,
        SignalGrid grid = SignalGrid.Gan)
    {
        Kind = kind;
        Grid = grid;
        Coordinates = coordinates.DetachFromDisposeScope();
        Values = values.DetachFromDisposeScope();
        Width = width;
        Height = height;
        SampleRate = sampleRate;
    }

    public SignalKind Kind { get; }

    /// <summary>Where the samples sit (renders at other sizes use the same convention).</summary>
    public SignalGrid Grid { get; }

    /// <summary>[P, 2] for images (row-major, columns x, y), [frames, 1] for audio.</summary>
    public Tensor Coordinates { get; }

    /// <summary>[P, 3] RGB or [P, 1] grey (pixel·2/255 − 1) for images, [frames, channels] for audio.</summary>
    public Tensor Values { get; }

    /// <summary>Image width, or audio frames.</summary>
    public int Width { get; }

    /// <summary>Image height (1 for audio).</summary>
    public int Height { get; }

    /// <summary>Audio frames per second (0 for images).</summary>
    public int SampleRate { get; }

    public int InputFeatures => (int)Coordinates.Size(1);

    public int OutputFeatures => (int)Values.Size(1);

    /// <param name="image">The pixels.</param>
    /// <param name="device">Where the tensors live.</param>
    /// <param name="grey">One value per pixel, skimage's rgb2gray luma (the official experiment), instead of RGB.</param>
    /// <param name="grid">Where the pixel coordinates sit.</param>
    public static Signal FromImage(RgbImage image, Device? device = null, bool grey = false, SignalGrid grid = SignalGrid.Gan)
    {
        using var scope = DisposeScope.Enter();
        var values = Tensors.FromArray(image.Pixels, [(long)image.Width * image.Height, 3], device)
            .To(ScalarType.Float32).Div(127.5).Sub(1); // [P, 3]
        if (grey)
        {
            values = values.MatMul(Tensors.FromArray(GreyWeights.Select(w => (float)w).ToArray(), [3, 1L], device)); // [P, 1]
        }
        var signal = new Signal(SignalKind.Image, MakeGrid(grid, image.Height, image.Width, device), values, image.Width,
            image.Height, 0, grid);
        return signal;
    }

    /// <summary>Pixel coordinates [H·W, 2] of a render at another size, on the same kind of grid.</summary>
    public Tensor CoordinatesAt(int height, int width) => MakeGrid(Grid, height, width, Coordinates.Device);

    private static Tensor MakeGrid(SignalGrid grid, int height, int width, Device? device) => grid == SignalGrid.Linspace
        ? CoordinateGrid.Linspace(height, width, device)
        : CoordinateGrid.Create(height, width, device);

    /// <summary>
    /// The official sound experiment's signal (qinr/sound/data_process.py): frames [start, end) every
    /// <paramref name="stride"/>-th of the first channel, divided by their largest magnitude, on the linspace grid.
    /// The result plays at sample rate / stride.
    /// </summary>
    public static Signal FromAudioWindow(WavAudio audio, int start, int end, int stride, Device? device = null)
    {
        if (start < 0 || end > audio.Frames || stride < 1 || (end - start + stride - 1) / stride < 2)
        {
            throw new ArgumentException(
                $"audio window [{start}, {end}) every {stride} frames does not fit {audio.Frames} frames with at least 2 samples");
        }
        var samples = new List<float>();
        for (var f = start; f < end; f += stride)
        {
            samples.Add(audio.Samples[0][f]);
        }
        var scale = samples.Max(Math.Abs);
        if (scale == 0)
        {
            throw new ArgumentException($"audio window [{start}, {end}) is silent");
        }
        using var scope = DisposeScope.Enter();
        var values = Tensors.FromArray(samples.Select(v => v / scale).ToArray(), [samples.Count, 1L], device);
        return new Signal(SignalKind.Audio, CoordinateGrid.Linspace1d(samples.Count, device), values, samples.Count, 1,
            Math.Max(1, audio.SampleRate / stride), SignalGrid.Linspace);
    }

    public static Signal FromAudio(WavAudio audio, Device? device = null)
    {
        if (audio.Frames < 2)
        {
            throw new ArgumentException($"audio needs at least 2 frames, got {audio.Frames}");
        }
        using var scope = DisposeScope.Enter();
        var interleaved = new float[audio.Frames * audio.Channels];
        for (var f = 0; f < audio.Frames; ++f)
        {
            for (var c = 0; c < audio.Channels; ++c)
            {
                interleaved[f * audio.Channels + c] = audio.Samples[c][f];
            }
        }
        var values = Tensors.FromArray(interleaved, [audio.Frames, audio.Channels], device);
        return new Signal(SignalKind.Audio, CoordinateGrid.Create1d(audio.Frames, device), values, audio.Frames, 1,
            audio.SampleRate);
    }

    /// <summary>Values [H·W, 3] or grey [H·W, 1] in [−1, 1] (any grid size) → an 8-bit image, quantised as StyleGAN2-ADA does.</summary>
    public static RgbImage ToImage(Tensor values, int width, int height)
    {
        using var scope = DisposeScope.Enter();
        var rgb = values.Size(1) == 1 ? values.Expand(values.Size(0), 3) : values;
        var chw = rgb.Detach().Float().Reshape(height, width, 3).Permute(2, 0, 1); // [3, H, W]
        return RgbImage.FromSignedTensor(chw);
    }

    /// <summary>Values [frames, channels] → audio at this signal's sample rate.</summary>
    public WavAudio ToAudio(Tensor values)
    {
        using var scope = DisposeScope.Enter();
        var data = values.Detach().Float().Contiguous().ToArray<float>();
        var channels = (int)values.Size(1);
        var frames = (int)values.Size(0);
        var samples = new float[channels][];
        for (var c = 0; c < channels; ++c)
        {
            samples[c] = new float[frames];
            for (var f = 0; f < frames; ++f)
            {
                samples[c][f] = data[f * channels + c];
            }
        }
        return new WavAudio(SampleRate, samples);
    }

    public void Dispose()
    {
        Coordinates.Dispose();
        Values.Dispose();
    }
}
