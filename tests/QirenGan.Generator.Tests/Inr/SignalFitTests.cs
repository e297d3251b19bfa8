using System.Diagnostics;
using QirenGan.Generator.Inr;
using QirenGan.Testing;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;
using Xunit;
using Xunit.Abstractions;

namespace QirenGan.Generator.Tests.Inr;

[Collection(TorchCollection.Name)]
public sealed class SignalFitTests(ITestOutputHelper output)
{
    [Fact]
    public void Qiren_fits_the_test_card_and_writes_readable_images()
    {
        using var dir = Repo.TempDir();
        var clock = Stopwatch.StartNew();
        // Given the 24×24 test card and a small QIREN
        var options = new FitRunOptions(null, null, TestCardSize: 24, Models: ["qiren"], OutputDirectory: dir.Path,
            new FitOptions(Steps: 150, LogEvery: 50), Budget: 250);
        // When it is fitted
        var result = FitRun.Run(options, TextWriter.Null).Single();
        output.WriteLine($"qiren {result.Parameters} parameters: {result.FinalPsnr:F2} dB after {result.Steps} steps in {clock.Elapsed.TotalSeconds:F1} s");
        // Then the reconstruction is far better than the first step's, above a threshold set from runs with margin
        Assert.True(result.FinalPsnr > PsnrThreshold, $"PSNR {result.FinalPsnr:F2} dB should exceed {PsnrThreshold} dB");
        Assert.True(result.FinalPsnr > result.History[0].Psnr + 2, "fitting should improve PSNR by at least 2 dB");
        // And the PNGs decode at 1× and 2×, and the CSV has one row per logged step
        Assert.Equal((24, 24), Size(ImageCodec.Decode(dir.File("reconstruction.png"))));
        Assert.Equal((48, 48), Size(ImageCodec.Decode(dir.File("render-2x.png"))));
        Assert.Equal((24, 24), Size(ImageCodec.Decode(dir.File("target.png"))));
        var csv = File.ReadAllLines(dir.File("history.csv"));
        Assert.Equal("model,step,mse,psnr,parameters,seconds", csv[0]);
        Assert.Equal(result.History.Count + 1, csv.Length);
    }

    // A run gave 10.5 dB (from 7.6 dB at the first step); the margin absorbs platform rounding differences.
    private const double PsnrThreshold = 9.5;

    private static (int, int) Size(RgbImage image) => (image.Width, image.Height);
}
