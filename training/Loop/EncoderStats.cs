using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch;

namespace QirenGan.Training.Loop;

/// <summary>
/// The stats.csv columns that follow the QIREN coordinate encoder of G_ema (the generator every render and metric
/// uses; its BatchNorm runs on the running statistics it copies from G): per circuit c, ‖F‖ of its two rows
/// (fnorm_cC), ‖(γ_2c, γ_2c+1)‖ of its BatchNorm scales (gamma_cC) and its highest spatial frequency in cycles per
/// image (maxfreq_cC, <see cref="CircuitFrequency.MaxFrequency"/>); then the BatchNorm's running statistics over all
/// 2C wires: the smallest and largest √(running_var + ε) and the largest |running_mean|. No columns for baselines.
/// </summary>
public static class EncoderStats
{
    /// <summary>The column names for a generator built from <paramref name="options"/> (empty unless it is QIREN).</summary>
    public static string[] Columns(GeneratorOptions options)
    {
        if (options.Inr != "qiren")
        {
            return [];
        }
        var circuits = Enumerable.Range(0, options.Features).ToArray();
        return
        [
            .. circuits.Select(c => $"fnorm_c{c}"),
            .. circuits.Select(c => $"gamma_c{c}"),
            .. circuits.Select(c => $"maxfreq_c{c}"),
            "bn_std_min", "bn_std_max", "bn_mean_absmax",
        ];
    }

    /// <summary>The values of <see cref="Columns"/> for <paramref name="g"/> now, in the same order (empty unless QIREN).</summary>
    public static double[] Measure(QirenGenerator g)
    {
        if (g.Encoder is not QuantumEncoder quantum)
        {
            return [];
        }
        var encoder = quantum.Quantum;
        var f = encoder.Projection.Value.ToDoubles();                                   // [2C, 2] row-major
        var gamma = encoder.Norm.Weight.Value.ToDoubles();                              // [2C]
        var mean = encoder.Norm.RunningMean.Value.ToDoubles();                          // [2C]
        var std = encoder.Norm.RunningVar.Value.ToDoubles().Select(v => Math.Sqrt(v + Generator.Inr.BatchNorm.DefaultEps)).ToArray();
        var circuits = Enumerable.Range(0, encoder.Circuits).ToArray();
        var frequencies = EncoderFrequencies.Of(encoder, g.Options.Resolution);
        return
        [
            .. circuits.Select(c => Math.Sqrt(f.Skip(4 * c).Take(4).Sum(v => v * v))),
            .. circuits.Select(c => Math.Sqrt(gamma[2 * c] * gamma[2 * c] + gamma[2 * c + 1] * gamma[2 * c + 1])),
            .. frequencies.Select(c => c.MaxFrequency),
            std.Min(), std.Max(), mean.Max(Math.Abs),
        ];
    }
}
