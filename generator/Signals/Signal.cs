using QirenGan.Generator.Coordinates;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Generator.Signals;

/// <summary>
/// A signal to represent as coordinates → values: an image ((x, y) on the official grid → RGB in [−1, 1]) or
/// audio (time on the same 2j/N − 1 grid → channels in [−1, 1]). Owns its two float32 tensors.
/// </summary>
public sealed class Signal : IDisposable
{
    private Signal(SignalKind kind, Tensor coordinates, Tensor values, int width, int height, int sampleRate)
    {
        Kind = kind;
        Coordinates = coordinates.DetachFromDisposeScope();
        Values = values.DetachFromDisposeScope();
        Width = width;
        Height = height;
        SampleRate = sampleRate;
    }

    public SignalKind Kind { get; }

    /// <summary>[P, 2] for images (row-major, columns x, y), [frames, 1] for audio.</summary>
    public Tensor Coordinates { get; }

    /// <summary>[P, 3] RGB (pixel·2/255 − 1) for images, [frames, channels] for audio.</summary>
    public Tensor Values { get; }

    /// <summary>Image width, or audio frames.</summary>
    public int Width { get; }

    /// <summary>Image height (1 for audio).</summary>
    public int Height { get; }

    /// <summary>Audio frames per second (0 for images).</summary>
    public int SampleRate { get; }

    public int InputFeatures => (int)Coordinates.Size(1);

    public int OutputFeatures => (int)Values.Size(1);

    public static Signal FromImage(RgbImage image, Device? device = null)
    {
        using var scope = DisposeScope.Enter();
        var values = Tensors.FromArray(image.Pixels, [(long)image.Width * image.Height, 3], device)
            .To(ScalarType.Float32).Div(127.5).Sub(1); // [P, 3]
        return new Signal(SignalKind.Image, CoordinateGrid.Create(image.Height, image.Width, device), values,
            image.Width, image.Height, 0);
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

    /// <summary>Values [H·W, 3] in [−1, 1] (any grid size) → an 8-bit image, quantised as StyleGAN2-ADA does.</summary>
    public static RgbImage ToImage(Tensor values, int width, int height)
    {
        using var scope = DisposeScope.Enter();
        var chw = values.Detach().Float().Reshape(height, width, 3).Permute(2, 0, 1); // [3, H, W]
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
