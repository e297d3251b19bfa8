using System.Globalization;
using QirenGan.Eval.Metrics;
using QirenGan.Eval.Reports;
using QirenGan.Eval.Runs;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Training.Evaluation;

/// <summary>What one evaluation of a generator measured.</summary>
/// <param name="Results">Every metric row (fid50k_full, spectrum_excess, …).</param>
/// <param name="Spectrum">The compared power spectra when `spectrum` was measured, else null.</param>
public sealed record SnapshotMetrics(IReadOnlyList<MetricResult> Results, SpectrumComparison? Spectrum);

/// <summary>
/// Measures a generator's metrics at a snapshot and records them in its run directory (StyleGAN2-ADA's
/// metric_main.calc_metric + report_metric): the `metrics` verb calls it on a snapshot file, the training loop on
/// its G_ema at each snapshot, so both give the same numbers and write the same files — a row per result in
/// metrics.csv at the snapshot's kimg, and for `spectrum` spectrum-LABEL.json and .png under the snapshot's label.
/// </summary>
/// <param name="metrics">What to measure.</param>
/// <param name="runner">Detectors, statistics cache and image counts (<see cref="MetricRunner"/>).</param>
/// <param name="data">The real images: the training folder or dataset zip.</param>
/// <param name="seed">Seed of the generated latents (the same fakes at every snapshot).</param>
/// <param name="log">Progress lines.</param>
public sealed class SnapshotEvaluator(IReadOnlyList<MetricDefinition> metrics, MetricRunner runner, string data, ulong seed = 0,
    Action<string>? log = null)
{
    public IReadOnlyList<MetricDefinition> Metrics { get; } = metrics;

    /// <summary>Measures <paramref name="g"/> (G_ema, in eval mode, on <paramref name="device"/>) against the reals.</summary>
    public SnapshotMetrics Measure(QirenGenerator g, Device device)
    {
        using var reals = ImageFiles.Open(data);
        using var latents = new RandomGenerator(seed);
        var results = runner.Run(Metrics, reals, Fakes(g, latents, device));
        return new SnapshotMetrics(results, runner.Spectrum);
    }

    /// <summary>
    /// Appends <paramref name="measured"/> to <paramref name="runDir"/>'s metrics.csv at the snapshot's kimg and writes
    /// its spectrum files under the snapshot's label (<see cref="RunLayout.LabelFor"/>).
    /// </summary>
    public static void Record(string runDir, string snapshotPath, long nimg, SnapshotMetrics measured, Action<string>? log = null)
    {
        var kimg = nimg / 1000.0;
        MetricsCsv.Append(runDir, kimg, measured.Results);
        log?.Invoke($"appended to {RunLayout.Metrics(runDir)}");
        if (measured.Spectrum is not { } spectrum)
        {
            return;
        }
        var label = RunLayout.LabelFor(snapshotPath, nimg);
        var json = RunLayout.SpectrumJson(runDir, label);
        SpectrumFile.Write(json, spectrum, kimg);
        var png = RunLayout.SpectrumPng(runDir, label);
        ImageCodec.WritePng(png, SpectrumHeatMap.Picture(spectrum.LogRatioMap(),
            $"ln(P_fake/P_real), grey, {kimg.ToString("0.###", CultureInfo.InvariantCulture)} kimg"));
        log?.Invoke($"wrote {json} and {Path.GetFileName(png)}");
    }

    /// <summary>Measures and records: what the training loop does after writing each snapshot.</summary>
    public SnapshotMetrics Evaluate(QirenGenerator g, Device device, string runDir, string snapshotPath, long nimg)
    {
        var measured = Measure(g, device);
        log?.Invoke($"metrics at {nimg / 1000.0:0.###} kimg: " +
                    string.Join("  ", measured.Results.Select(r => $"{r.Metric} {r.Value.ToString("0.######", CultureInfo.InvariantCulture)}")));
        Record(runDir, snapshotPath, nimg, measured, log);
        return measured;
    }

    /// <summary>
    /// Generated images as the metrics see them (StyleGAN2-ADA's metric_utils): z ~ N(0, I) from
    /// <paramref name="rng"/>, G_ema at the training resolution with ψ = 1, then x·127.5 + 128 clamped to uint8.
    /// </summary>
    public static Func<int, Tensor> Fakes(QirenGenerator g, RandomGenerator rng, Device device) => n =>
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var z = Tensors.Randn([n, g.Options.ZDim], rng).To(device);
        return RgbImage.Quantize(g.Forward(z)).MoveToOuterScope();
    };
}
