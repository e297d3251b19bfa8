using System.Diagnostics;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch;

namespace QirenGan.Cli.Bench;

/// <summary>Generator inference (z → mapping → synthesis → image, no gradients) in images per second.</summary>
public static class GeneratorBench
{
    public static double ImagesPerSecond(GeneratorOptions options, int batch, int warmup, int repeats)
    {
        using var scope = DisposeScope.Enter();
        using var g = new QirenGenerator(options);
        g.Eval();
        using var noGrad = Autograd.NoGrad();
        var z = Latents.FromSeeds(Enumerable.Range(0, batch).ToArray(), options.ZDim, Device.Cpu);
        var times = new List<double>();
        for (var i = 0; i < warmup + repeats; ++i)
        {
            using var step = DisposeScope.Enter();
            var clock = Stopwatch.StartNew();
            g.Forward(z);
            if (i >= warmup)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }
        times.Sort();
        return batch / times[times.Count / 2];
    }
}
