using System.Globalization;
using QirenGan.Eval.Reports;
using QirenGan.Eval.Runs;

namespace QirenGan.Training.Loop;

/// <summary>
/// Appends tick statistics to stats.csv (header once), one row per tick, so a killed run keeps its history. The
/// columns are <see cref="Columns"/> followed by the encoder's (<see cref="EncoderStats.Columns"/>), whose number
/// depends on the generator.
/// </summary>
public sealed class StatsWriter
{
    /// <summary>The columns every run has, as the run report reads them.</summary>
    public static IReadOnlyList<string> Columns => RunLayout.StatsColumns;

    /// <param name="path">stats.csv.</param>
    /// <param name="encoderColumns">The encoder's columns (<see cref="EncoderStats.Columns"/>; none for baselines).</param>
    public StatsWriter(string path, IReadOnlyList<string>? encoderColumns = null)
    {
        Path = path;
        Headers = [.. Columns, .. encoderColumns ?? []];
        MatchHeader();
    }

    public string Path { get; }

    /// <summary>Every column this writer writes.</summary>
    public IReadOnlyList<string> Headers { get; }

    public void Append(TickStats s)
    {
        static string F(double v) => v.ToString("G9", CultureInfo.InvariantCulture);
        var encoder = s.Encoder;
        if (encoder.Count != Headers.Count - Columns.Count)
        {
            throw new ArgumentException($"{Path}: {encoder.Count} encoder statistics for {Headers.Count - Columns.Count} columns");
        }
        CsvTable.Append(Path, Headers,
        [
            [s.Tick.ToString(CultureInfo.InvariantCulture), F(s.Kimg), F(s.TimeSeconds), F(s.SecPerKimg), F(s.ImagesPerSecond),
                F(s.LossG), F(s.LossD), s.R1.HasValue ? F(s.R1.Value) : "", F(s.Gamma), F(s.LearningRate), F(s.ScoreFake),
                F(s.ScoreReal), F(s.PeakMemoryMiB), .. encoder.Select(F)],
        ]);
    }

    /// <summary>
    /// A run resumed by a version with other columns (one written before the encoder columns existed): the file is
    /// rewritten under this writer's header, each old value kept under its column name and missing ones left empty,
    /// so every row keeps matching the header.
    /// </summary>
    private void MatchHeader()
    {
        if (!File.Exists(Path) || new FileInfo(Path).Length == 0)
        {
            return;
        }
        var table = CsvTable.Read(Path);
        if (table.Headers.SequenceEqual(Headers))
        {
            return;
        }
        var sources = Headers.Select(table.IndexOf).ToArray();
        var rows = table.Rows.Select(r => sources.Select(i => i >= 0 && i < r.Length ? r[i] : "").ToArray()).ToList();
        CsvTable.Rewrite(Path, Headers, rows);
    }
}
