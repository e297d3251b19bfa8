using System.Diagnostics;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Profiling;

namespace QirenGan.Cli.Bench;

/// <summary>Generator inference (z → mapping → synthesis → image, no gradients) in images per second.</summary>
public static class GeneratorBench
{
    /// <param name="options">The generator.</param>
    /// <param name="batch">Images per forward.</param>
    /// <param name="warmup">Untimed forwards first.</param>
    /// <param name="repeats">Timed forwards (median).</param>
    /// <param name="trace">Where to write an operator trace of the timed forwards (null = no profiler).</param>
    public static double ImagesPerSecond(GeneratorOptions options, int batch, int warmup, int repeats, string? trace = null)
    {
        using var scope = DisposeScope.Enter();
        using var g = new QirenGenerator(options);
        g.Eval();
        using var noGrad = Autograd.NoGrad();
        var z = Latents.FromSeeds(Enumerable.Range(0, batch).ToArray(), options.ZDim, Device.Cpu);
        var times = new List<double>();
        OperatorProfiler? profiler = null;
        for (var i = 0; i < warmup + repeats; ++i)
        {
            if (i == warmup && trace is not null)
            {
                profiler = OperatorProfiler.Start(trace);
            }
            using var step = DisposeScope.Enter();
            var clock = Stopwatch.StartNew();
            g.Forward(z);
            if (i >= warmup)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }
        profiler?.Dispose();
        times.Sort();
        return batch / times[times.Count / 2];
    }
}
