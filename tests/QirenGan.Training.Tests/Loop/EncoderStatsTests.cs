using QirenGan.Eval.Runs;
using QirenGan.Eval.Reports;
using QirenGan.Generator.Synthesis;
using QirenGan.Training.Loop;

namespace QirenGan.Training.Tests.Loop;

[Collection(TorchCollection.Name)]
public sealed class EncoderStatsTests
{
    [Fact]
    public void Stats_csv_logs_G_ema_encoder_norms_and_frequencies_as_the_snapshot_holds_them()
    {
        // Given a tiny QIREN run (4 circuits, S = 2) of one tick, whose snapshot is written after that tick
        using var dir = Repo.TempDir();
        var options = TinyRun.Options(TinyRun.Faces(dir), dir.File("runs"), kimg: 0.008);
        var runDir = RunDirectory.Create(options.OutDir, "tiny");
        string snapshot;
        using (var loop = new TrainingLoop(options, runDir, _ => { }))
        {
            snapshot = loop.Run();
        }

        // When the last stats.csv row is read, and G_ema's encoder tensors are read from the snapshot
        var stats = CsvTable.Read(Path.Combine(runDir, "stats.csv"));
        double Column(string name) => stats.Number(stats.Rows[^1], stats.IndexOf(name)) ?? double.NaN;
        using var saved = Snapshot.Read(snapshot);
        double[] Tensor(string name) => saved.Tensors["G_ema.encoder.quantum." + name].Double().ToArray<double>();
        var f = Tensor("projection");                     // [8, 2]
        var gamma = Tensor("norm.weight");
        var mean = Tensor("norm.running_mean");
        var variance = Tensor("norm.running_var");

        // Then per circuit c: ‖F rows 2c, 2c+1‖, ‖(γ_2c, γ_2c+1)‖ and S·max ‖f_a ± f_b‖ with f = γ·F/(π·√(var + 1e-5)),
        // and the running-statistics summary, agree to the 9 significant digits stats.csv prints
        Assert.Equal([.. StatsWriter.Columns, .. EncoderStats.Columns(options.Generator)], stats.Headers);
        for (var c = 0; c < 4; ++c)
        {
            int a = 2 * c, b = 2 * c + 1;
            Close.Scalar(Math.Sqrt(f[2 * a] * f[2 * a] + f[2 * a + 1] * f[2 * a + 1] + f[2 * b] * f[2 * b] + f[2 * b + 1] * f[2 * b + 1]),
                Column($"fnorm_c{c}"), 1e-8, $"fnorm_c{c}");
            Close.Scalar(Math.Sqrt(gamma[a] * gamma[a] + gamma[b] * gamma[b]), Column($"gamma_c{c}"), 1e-8, $"gamma_c{c}");
            double Fx(int k) => gamma[k] * f[2 * k] / (Math.PI * Math.Sqrt(variance[k] + 1e-5));
            double Fy(int k) => gamma[k] * f[2 * k + 1] / (Math.PI * Math.Sqrt(variance[k] + 1e-5));
            var highest = 2 * Math.Max(Math.Sqrt(Math.Pow(Fx(a) + Fx(b), 2) + Math.Pow(Fy(a) + Fy(b), 2)),
                Math.Sqrt(Math.Pow(Fx(a) - Fx(b), 2) + Math.Pow(Fy(a) - Fy(b), 2)));
            Close.Scalar(highest, Column($"maxfreq_c{c}"), 1e-8 * Math.Max(1, highest), $"maxfreq_c{c}");
        }
        var std = variance.Select(v => Math.Sqrt(v + 1e-5)).ToArray();
        Close.Scalar(std.Min(), Column("bn_std_min"), 1e-8, "bn_std_min");
        Close.Scalar(std.Max(), Column("bn_std_max"), 1e-8, "bn_std_max");
        Close.Scalar(mean.Max(Math.Abs), Column("bn_mean_absmax"), 1e-8, "bn_mean_absmax");
        // (training moved the running statistics off their initial 0 and 1, so the summary says something)
        Assert.True(Column("bn_mean_absmax") > 0);
    }

    [Fact]
    public void Baselines_have_no_encoder_columns()
    {
        var options = new GeneratorOptions(8, "siren", Features: 4, Hidden: [8], ZDim: 8, WDim: 8, MappingLayers: 2);
        using var g = new QirenGenerator(options);

        Assert.Empty(EncoderStats.Columns(options));
        Assert.Empty(EncoderStats.Measure(g));
        Assert.Equal(StatsWriter.Columns, new StatsWriter("unused.csv", EncoderStats.Columns(options)).Headers);
    }

    [Fact]
    public void An_older_stats_csv_is_rewritten_under_the_new_header_keeping_its_values()
    {
        // Given a stats.csv written before the encoder columns (a run resumed by this version)
        using var dir = Repo.TempDir();
        var path = dir.File("stats.csv");
        CsvTable.Append(path, StatsWriter.Columns, [[.. StatsWriter.Columns.Select((_, i) => $"{i + 1}")]]);

        // When a writer with encoder columns opens it and appends a tick
        var writer = new StatsWriter(path, ["fnorm_c0", "fnorm_c1"]);
        writer.Append(new TickStats(2, 0.5, 3, 4, 5, 6, 13, [(StatNames.LossG, 7), (StatNames.R1, null), ("fnorm_c0", 0.25), ("fnorm_c1", 0.75)]));

        // Then every row matches the new header: the old one keeps its values with empty encoder fields
        var table = CsvTable.Read(path);
        Assert.Equal([.. StatsWriter.Columns, "fnorm_c0", "fnorm_c1"], table.Headers);
        Assert.Equal([.. StatsWriter.Columns.Select((_, i) => $"{i + 1}"), "", ""], table.Rows[0]);
        Assert.Equal(["0.25", "0.75"], table.Rows[1][^2..]);
        Assert.Equal(table.Headers.Count, File.ReadAllLines(path)[1].Split(',').Length);
    }

    [Fact]
    public void A_statistic_without_a_column_gets_one_at_the_end_and_earlier_rows_an_empty_field()
    {
        // Given a stats.csv with one tick under the usual header
        using var dir = Repo.TempDir();
        var path = dir.File("stats.csv");
        var writer = new StatsWriter(path);
        writer.Append(new TickStats(1, 0.25, 1, 2, 3, 4, 5, [(StatNames.LossG, 0.5), (StatNames.R1, 0.125)]));

        // When a later tick reports a statistic no column holds yet (a new regulariser's, by its training_stats name)
        writer.Append(new TickStats(2, 0.5, 1, 2, 3, 4, 5, [(StatNames.LossG, 0.75), (StatNames.R1, null), ("Loss/D/pl", 1.5)]));

        // Then it is a column of its own after the usual ones, and the usual ones keep their names and places
        var table = CsvTable.Read(path);
        Assert.Equal([.. StatsWriter.Columns, "loss_d_pl"], table.Headers);
        var (lossG, r1, pl) = (table.IndexOf("loss_g"), table.IndexOf("r1"), table.IndexOf("loss_d_pl"));
        Assert.Equal(("0.5", "0.125", ""), (table.Rows[0][lossG], table.Rows[0][r1], table.Rows[0][pl]));
        Assert.Equal(("0.75", "", "1.5"), (table.Rows[1][lossG], table.Rows[1][r1], table.Rows[1][pl]));

        // and a writer opened on it again (a resumed run) keeps that column
        Assert.Equal(table.Headers, new StatsWriter(path).Headers);
    }
}
