using System.Globalization;
using QirenGan.Eval.Reports;

namespace QirenGan.Eval.Metrics;

/// <summary>One metric value.</summary>
/// <param name="Metric">Name as StyleGAN2-ADA reports it: fid50k_full, kid50k_full, pr50k3_full_precision, ….</param>
/// <param name="Value">The value.</param>
public sealed record MetricResult(string Metric, double Value);

/// <summary>One row of a run's metrics.csv.</summary>
/// <param name="Kimg">Training progress (thousands of real images shown) of the snapshot measured; null = not tied to one.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="Value">Its value.</param>
public sealed record MetricRow(double? Kimg, string Metric, double Value);

/// <summary>A run directory's metrics.csv (columns kimg,metric,value), appended to as snapshots are measured.</summary>
public static class MetricsCsv
{
    public const string FileName = Runs.RunLayout.MetricsFile;

    private static readonly string[] Columns = ["kimg", "metric", "value"];

    /// <summary>Appends <paramref name="results"/> to <paramref name="runDir"/>/metrics.csv, writing the header for a new file.</summary>
    public static void Append(string runDir, double? kimg, IEnumerable<MetricResult> results)
    {
        Directory.CreateDirectory(runDir);
        var k = kimg?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
        CsvTable.Append(Path.Combine(runDir, FileName), Columns,
            results.Select(r => new[] { k, r.Metric, r.Value.ToString("R", CultureInfo.InvariantCulture) }));
    }

    /// <summary>Every row of a metrics.csv; a malformed row raises an error naming the file and row.</summary>
    public static List<MetricRow> Read(string path)
    {
        var table = CsvTable.Read(path);
        var (kimg, metric, value) = (table.IndexOf("kimg"), table.IndexOf("metric"), table.IndexOf("value"));
        if (kimg < 0 || metric < 0 || value < 0)
        {
            throw new InvalidDataException($"{path}: expected columns kimg,metric,value, found {string.Join(",", table.Headers)}");
        }
        var rows = new List<MetricRow>();
        for (var i = 0; i < table.Rows.Count; ++i)
        {
            var row = table.Rows[i];
            var v = table.Number(row, value)
                ?? throw new InvalidDataException($"{path}: data row {i + 1}: value '{row[value]}' is not a number");
            rows.Add(new MetricRow(table.Number(row, kimg), row[metric], v));
        }
        return rows;
    }
}
