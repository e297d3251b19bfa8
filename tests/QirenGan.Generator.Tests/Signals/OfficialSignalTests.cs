using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Signals;
using QirenGan.Torch.Imaging;

namespace QirenGan.Generator.Tests.Signals;

/// <summary>The official signal experiment's inputs: linspace grid, rgb2gray luma, the sound window.</summary>
[Collection(TorchCollection.Name)]
public sealed class OfficialSignalTests
{
    [Fact]
    public void Linspace_axis_includes_both_ends_as_torch_linspace()
    {
        Assert.Equal([-1.0, -0.5, 0.0, 0.5, 1.0], CoordinateGrid.LinspaceAxis(5));
        Assert.Equal([0.0], CoordinateGrid.LinspaceAxis(1));
    }

    [Fact]
    public void Grey_images_use_rgb2gray_luma_on_the_linspace_grid()
    {
        // Given a 2×1 image: pure red, then white
        var image = new RgbImage(2, 1, [255, 0, 0, 255, 255, 255]);
        // When it becomes a grey signal
        using var signal = Signal.FromImage(image, grey: true, grid: SignalGrid.Linspace);
        // Then red is 0.2125·1 + 0.7154·(−1) + 0.0721·(−1) and white is 1 (the weights sum to 1)
        Close.All([0.2125 - 0.7154 - 0.0721, 1.0], signal.Values.ToArray<float>().Select(v => (double)v).ToArray(), 1e-6);
        // And the two pixels sit at x = −1 and x = 1 (y = 0 for a single row)
        Close.All([-1.0, 0.0, 1.0, 0.0], signal.Coordinates.ToArray<float>().Select(v => (double)v).ToArray(), 0);
    }

    [Fact]
    public void Audio_window_takes_every_strided_frame_of_channel_0_scaled_to_peak_1()
    {
        // Given 10 frames of a ramp on channel 0 (and a second channel that must be ignored)
        var ramp = Enumerable.Range(0, 10).Select(i => (float)(i - 5) / 10).ToArray();
        var audio = new WavAudio(1000, [ramp, new float[10]]);
        // When frames [2, 9) every 3rd are taken
        using var signal = Signal.FromAudioWindow(audio, 2, 9, 3);
        // Then frames 2, 5, 8 (−0.3, 0, 0.3) are divided by 0.3, on linspace time, at 1000/3 Hz
        Close.All([-1.0, 0.0, 1.0], signal.Values.ToArray<float>().Select(v => (double)v).ToArray(), 1e-6);
        Close.All([-1.0, 0.0, 1.0], signal.Coordinates.ToArray<float>().Select(v => (double)v).ToArray(), 0);
        Assert.Equal(333, signal.SampleRate);
        Assert.Throws<ArgumentException>(() => Signal.FromAudioWindow(audio, 0, 20, 5));
    }
}
