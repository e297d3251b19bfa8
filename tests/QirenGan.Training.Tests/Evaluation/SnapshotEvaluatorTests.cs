using QirenGan.Eval.Metrics;
using QirenGan.Eval.Runs;
using QirenGan.Training.Evaluation;
using QirenGan.Training.Loop;
using QirenGan.Training.Tests.Loop;

namespace QirenGan.Training.Tests.Evaluation;

[Collection(TorchCollection.Name)]
public sealed class SnapshotEvaluatorTests
{
    [Fact]
    public void The_loop_measures_its_G_ema_as_the_snapshot_file_measures_and_records_both_under_the_snapshot_label()
    {
        // Given a tiny run that measures `spectrum` on 8 generated images at each of its two snapshots
        using var dir = Repo.TempDir();
        var data = TinyRun.Faces(dir);
        var options = TinyRun.Options(data, dir.File("runs"), kimg: 0.008) with { KimgPerTick = 0.004, SnapTicks = 1 };
        var runDir = RunDirectory.Create(options.OutDir, "metrics");
        var spectrum = MetricDefinition.ParseList("spectrum");
        SnapshotEvaluator Evaluator() => new(spectrum, new MetricRunner(null, null, null, new MetricRunOptions(NumGen: 8, BatchSize: 4)), data);
        using (var loop = new TrainingLoop(options, runDir, _ => { }) { Evaluator = Evaluator() })
        {
            loop.Run();
        }

        // When the last snapshot file is measured on its own, as the metrics verb does
        var last = RunLayout.Snapshots(runDir)[^1];
        using var g = Snapshot.LoadGenerator(last);
        var fromFile = Evaluator().Measure(g, Device.Cpu);

        // Then metrics.csv holds the four spectrum rows at both snapshots, the last ones equal to the file's to the bit,
        // and each snapshot's spectrum files carry its label
        var rows = MetricsCsv.Read(RunLayout.Metrics(runDir));
        Assert.Equal(2 * SpectrumComparison.Rows.Count, rows.Count);
        Assert.Equal([0.004, 0.008], rows.Select(r => r.Kimg!.Value).Distinct());
        Assert.Equal(fromFile.Results.Select(r => (r.Metric, r.Value)), rows.Where(r => r.Kimg == 0.008).Select(r => (r.Metric, r.Value)));
        Assert.Equal(RunLayout.Snapshots(runDir).Select(RunLayout.LabelOf), RunLayout.Spectra(runDir).Select(RunLayout.LabelOf));
        Assert.All(RunLayout.Spectra(runDir), f => Assert.True(File.Exists(Path.ChangeExtension(f, ".png"))));
    }
}
