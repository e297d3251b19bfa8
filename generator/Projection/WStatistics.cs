using QirenGan.Generator.Synthesis;
using QirenGan.Torch;

namespace QirenGan.Generator.Projection;

/// <summary>
/// The mean and spread of W, where a projection starts (StyleGAN2-ADA projector.py): N latents z ~ N(0, I) mapped
/// to w, w_avg = their mean and w_std = √(Σ‖w − w_avg‖² / N) — one number, the root mean squared distance to the
/// mean (not a per-dimension deviation). Accumulated in float64.
/// </summary>
public sealed class WStatistics : IDisposable
{
    private const int Chunk = 1000;

    private WStatistics(Tensor mean, double std, int samples)
    {
        Mean = mean;
        Std = std;
        Samples = samples;
    }

    /// <summary>w_avg, float32 [WDim] on the generator's device; owned by this object.</summary>
    public Tensor Mean { get; }

    /// <summary>w_std.</summary>
    public double Std { get; }

    public int Samples { get; }

    /// <summary>Maps <paramref name="samples"/> latents drawn from a CPU stream seeded <paramref name="seed"/> (in chunks of 1,000).</summary>
    public static WStatistics Estimate(QirenGenerator g, int samples, ulong seed)
    {
        if (samples < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), $"WStatistics: need at least 2 samples, got {samples}");
        }
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        using var rng = new RandomGenerator(seed);
        var device = g.Mapping.WAvg.Device;
        var parts = new List<Tensor>();
        for (var done = 0; done < samples; done += Chunk)
        {
            var n = Math.Min(Chunk, samples - done);
            var z = Tensors.Randn([n, g.Options.ZDim], rng).To(device);
            parts.Add(g.Mapping.Forward(z).To(ScalarType.Float64));           // [n, WDim]
        }
        var w = Tensors.Cat([.. parts]);                                        // [N, WDim]
        var mean = w.Mean(0, keepDim: true);                                    // [1, WDim]
        var std = Math.Sqrt(w.Sub(mean).Square().Sum().ToDouble() / samples);
        var mean32 = mean.Squeeze(0).To(ScalarType.Float32).DetachFromDisposeScope();
        return new WStatistics(mean32, std, samples);
    }

    public void Dispose() => Mean.Dispose();
}
