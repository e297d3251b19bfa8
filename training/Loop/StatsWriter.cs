using System.Globalization;
using QirenGan.Eval.Reports;

namespace QirenGan.Training.Loop;

/// <summary>Appends tick statistics to stats.csv (header once), one row per tick, so a killed run keeps its history.</summary>
public sealed class StatsWriter(string path)
{
    /// <summary>The columns, as the run report reads them.</summary>
    public static readonly string[] Columns =
        ["tick", "kimg", "time", "sec_per_kimg", "images_per_s", "loss_g", "loss_d", "r1", "gamma", "lr", "score_fake", "score_real", "peak_mem_mib"];

    public string Path { get; } = path;

    public void Append(TickStats s)
    {
        static string F(double v) => v.ToString("G9", CultureInfo.InvariantCulture);
        CsvTable.Append(Path, Columns,
        [
            [s.Tick.ToString(CultureInfo.InvariantCulture), F(s.Kimg), F(s.TimeSeconds), F(s.SecPerKimg), F(s.ImagesPerSecond),
                F(s.LossG), F(s.LossD), s.R1.HasValue ? F(s.R1.Value) : "", F(s.Gamma), F(s.LearningRate), F(s.ScoreFake),
                F(s.ScoreReal), F(s.PeakMemoryMiB)],
        ]);
    }
}
