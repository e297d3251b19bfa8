using QirenGan.Generator.Projection;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch.Imaging;

namespace QirenGan.Generator.Tests.Projection;

[Collection(TorchCollection.Name)]
public sealed class ProjectorTests
{
    /// <summary>A tiny random generator (2 circuits, one 8-wide layer, w of 8) at <paramref name="resolution"/>.</summary>
    private static QirenGenerator Tiny(int resolution = 8) =>
        new(new GeneratorOptions(resolution, Features: 2, Hidden: [8], ZDim: 8, WDim: 8, MappingLayers: 2, Seed: 3));

    /// <summary>The generator's own image of the w mapped from <paramref name="seed"/>'s z: uint8 [1, 3, R, R].</summary>
    private static Tensor Render(QirenGenerator g, int seed)
    {
        using var noGrad = Autograd.NoGrad();
        return RgbImage.Quantize(g.Forward(Latents.FromSeeds([seed], g.Options.ZDim)));
    }

    [Fact]
    public void Projecting_an_image_the_network_rendered_recovers_it_with_the_pixel_loss()
    {
        using var scope = DisposeScope.Enter();
        // Given the image of a known w, exactly representable by the network
        using var g = Tiny();
        g.Eval();
        var target = Render(g, seed: 11);
        using var stats = WStatistics.Estimate(g, 10_000, 123);
        using var pixels = new PixelDistance(target);
        var start = Projector.Psnr(RgbImage.Quantize(g.Synthesize(MappingNetwork.Broadcast(stats.Mean.Unsqueeze(0), g.NumWs))), target)[0];

        // When it is projected with the default 1000 steps
        var ws = Projector.Project(g, target, pixels.Distance, new ProjectionOptions(), stats);

        // Then the projection reproduces it to at least 30 dB (from far below, at W's mean)
        using var noGrad = Autograd.NoGrad();
        var psnr = Projector.Psnr(RgbImage.Quantize(g.Synthesize(ws)), target)[0];
        Assert.True(start < 25, $"the start is already close: {start:F1} dB");
        Assert.True(psnr >= 30, $"PSNR {psnr:F2} dB after 1000 steps (from {start:F1} dB)");
        Assert.Equal([1L, g.NumWs, g.Options.WDim], ws.Shape);
    }

    [Fact]
    public void A_batch_of_targets_gives_each_what_projecting_it_alone_gives()
    {
        using var scope = DisposeScope.Enter();
        using var g = Tiny();
        g.Eval();
        var targets = Tensors.Cat([Render(g, 1), Render(g, 2), Render(g, 3)]);   // [3, 3, R, R]
        using var stats = WStatistics.Estimate(g, 2_000, 123);
        var options = new ProjectionOptions(Steps: 40, Seed: 9);

        using var together = new PixelDistance(targets);
        var batch = Projector.Project(g, targets, together.Distance, options, stats);  // [3, NumWs, WDim]

        for (var i = 0; i < 3; ++i)
        {
            using var one = new PixelDistance(targets.Narrow(0, i, 1));
            var alone = Projector.Project(g, targets.Narrow(0, i, 1), one.Distance, options, stats);
            AssertClose(alone, batch.Narrow(0, i, 1), 1e-4);
        }
    }

    [Fact]
    public void Projection_runs_the_generator_in_eval_mode_and_restores_its_mode_and_gradients()
    {
        using var scope = DisposeScope.Enter();
        using var g = Tiny();
        g.Eval();
        var target = Render(g, 5);
        using var stats = WStatistics.Estimate(g, 1_000, 123);
        using var pixels = new PixelDistance(target);
        var options = new ProjectionOptions(Steps: 15);
        var fromEval = Projector.Project(g, target, pixels.Distance, options, stats);

        // Given the same generator left in training mode (BatchNorm would use the batch's statistics)
        g.Train();
        var fromTraining = Projector.Project(g, target, pixels.Distance, options, stats);

        // Then the projection is the same, and the generator is back in training mode with trainable weights
        AssertClose(fromEval, fromTraining, 0);
        Assert.True(g.Training);
        Assert.All(g.Parameters(), p => Assert.True(p.Value.RequiresGrad));
    }

    [Fact]
    public void W_plus_optimises_every_slot_on_its_own()
    {
        using var scope = DisposeScope.Enter();
        using var g = Tiny();
        var target = Render(g, 7);
        using var stats = WStatistics.Estimate(g, 1_000, 123);
        using var pixels = new PixelDistance(target);
        g.Eval();
        Projector.Project(g, target, pixels.Distance, new ProjectionOptions(Steps: 2), stats).Dispose(); // fills the render caches
        var live = Tensor.LiveCount;
        var ws = Projector.Project(g, target, pixels.Distance, new ProjectionOptions(Steps: 20, WPlus: true), stats);
        var single = Projector.Project(g, target, pixels.Distance, new ProjectionOptions(Steps: 20), stats);
        Assert.Equal(live + 2, Tensor.LiveCount); // only the two results outlive the projections

        Assert.Equal([1L, g.NumWs, g.Options.WDim], ws.Shape);
        Assert.True(g.NumWs > 1);
        // one w: every slot identical; W+: the slots differ
        Assert.Equal(0, single.Select(1, 0).Sub(single.Select(1, 1)).Abs().Max().ToDouble());
        Assert.True(ws.Select(1, 0).Sub(ws.Select(1, 1)).Abs().Max().ToDouble() > 1e-4);
    }

    [Fact]
    public void W_statistics_are_the_mean_and_root_mean_square_distance_of_mapped_latents()
    {
        using var scope = DisposeScope.Enter();
        using var g = Tiny();
        using var stats = WStatistics.Estimate(g, 2_500, 123);   // three chunks, the last partial
        // Independently: the same latents mapped in one call, statistics from the raw values
        using var rng = new RandomGenerator(123);
        var w = g.Mapping.Forward(Tensors.Randn([2500, g.Options.ZDim], rng)).ToArray<float>();
        var d = g.Options.WDim;
        var mean = new double[d];
        for (var i = 0; i < w.Length; ++i)
        {
            mean[i % d] += w[i] / 2500.0;
        }
        var sq = 0.0;
        for (var i = 0; i < w.Length; ++i)
        {
            sq += (w[i] - mean[i % d]) * (w[i] - mean[i % d]);
        }
        var got = stats.Mean.ToArray<float>();
        for (var k = 0; k < d; ++k)
        {
            Assert.Equal(mean[k], got[k], 4);
        }
        Assert.Equal(Math.Sqrt(sq / 2500), stats.Std, 4);
    }

    [Fact]
    public void Psnr_is_ten_log_of_peak_squared_over_mse()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensors.Zeros([2, 3, 2, 2], ScalarType.UInt8);
        var b = Tensors.Zeros([2, 3, 2, 2], ScalarType.UInt8);
        b.Select(0, 0).Select(0, 0).Fill_(10);                  // image 0: one channel off by 10 → MSE 100/3
        var psnr = Projector.Psnr(a, b);
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / (100.0 / 3)), psnr[0], 10);
        Assert.True(double.IsPositiveInfinity(psnr[1]));
    }

    [Fact]
    public void Pixel_distance_is_mse_plus_the_mse_of_every_pooled_level()
    {
        using var scope = DisposeScope.Enter();
        // target 8×8 all 0 (−1.0039 after scaling), image: a single +δ pixel in channel 0
        var target = Tensors.Full([1, 3, 8, 8], 128, ScalarType.UInt8);       // (128 − 127.5)/127.5 = 1/255
        using var pixels = new PixelDistance(target);
        var image = Tensors.Full([1, 3, 8, 8], 1 / 255.0);
        image.Select(0, 0).Select(0, 0).Select(0, 0).Select(0, 0).Fill_(1 / 255.0 + 0.3);
        // levels 8 (one value of 192 off by 0.3), 4 (one of 48 off by 0.3/4); 2 is below MinSide
        var expected = 0.09 / 192 + 0.075 * 0.075 / 48;
        Assert.Equal(2, pixels.Levels);
        Assert.Equal(expected, pixels.Distance(image).ToDouble(), 7);
    }

    private static void AssertClose(Tensor a, Tensor b, double tolerance)
    {
        Assert.Equal(a.Shape, b.Shape);
        var diff = a.Sub(b).Abs().Max().ToDouble();
        Assert.True(diff <= tolerance * Math.Max(1, b.Abs().Max().ToDouble()), $"max difference {diff}");
    }
}
