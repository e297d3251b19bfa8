using System.Globalization;
using QirenGan.Eval.Reports;
using QirenGan.Eval.Runs;

namespace QirenGan.Training.Loop;

/// <summary>
/// Appends tick statistics to stats.csv (header once), one row per tick, so a killed run keeps its history. The
/// columns are <see cref="Columns"/> (the ones every run has had, in their order), then the ones given (the
/// encoder's, <see cref="EncoderStats.Columns"/>), then any statistic a tick brings that has no column yet, added at
/// the end in the order they arrive (<see cref="RunLayout.StatsColumnFor"/> names them).
/// </summary>
public sealed class StatsWriter
{
    /// <summary>The columns every run has, as the run report reads them.</summary>
    public static IReadOnlyList<string> Columns => RunLayout.StatsColumns;

    private List<string> _headers;

    /// <param name="path">stats.csv.</param>
    /// <param name="encoderColumns">The encoder's columns (<see cref="EncoderStats.Columns"/>; none for baselines).</param>
    public StatsWriter(string path, IReadOnlyList<string>? encoderColumns = null)
    {
        Path = path;
        _headers = [.. Columns, .. encoderColumns ?? []];
        if (File.Exists(path) && new FileInfo(path).Length > 0)
        {
            // Columns a statistic added to this run earlier stay (after the known ones).
            _headers.AddRange(CsvTable.Read(path).Headers.Where(h => !_headers.Contains(h)));
        }
        MatchHeader();
    }

    public string Path { get; }

    /// <summary>Every column this writer writes.</summary>
    public IReadOnlyList<string> Headers => _headers;

    public void Append(TickStats s)
    {
        static string F(double v) => v.ToString("G9", CultureInfo.InvariantCulture);
        var fields = new Dictionary<string, string>
        {
            [RunLayout.TickColumn] = s.Tick.ToString(CultureInfo.InvariantCulture),
            [RunLayout.KimgColumn] = F(s.Kimg),
            ["time"] = F(s.TimeSeconds),
            ["sec_per_kimg"] = F(s.SecPerKimg),
            ["images_per_s"] = F(s.ImagesPerSecond),
            ["peak_mem_mib"] = F(s.PeakMemoryMiB),
        };
        foreach (var (name, value) in s.Values)
        {
            fields[RunLayout.StatsColumnFor(name)] = value is { } v ? F(v) : "";
        }
        var added = fields.Keys.Where(c => !_headers.Contains(c)).ToList();
        if (added.Count > 0)
        {
            _headers = [.. _headers, .. added];
            MatchHeader();
        }
        CsvTable.Append(Path, _headers, [[.. _headers.Select(c => fields.GetValueOrDefault(c, ""))]]);
    }

    /// <summary>
    /// A run resumed by a version with other columns (one written before the encoder columns existed), or a new
    /// statistic: the file is rewritten under this writer's header, each old value kept under its column name and
    /// missing ones left empty, so every row keeps matching the header.
    /// </summary>
    private void MatchHeader()
    {
        if (!File.Exists(Path) || new FileInfo(Path).Length == 0)
        {
            return;
        }
        var table = CsvTable.Read(Path);
        if (table.Headers.SequenceEqual(_headers))
        {
            return;
        }
        var sources = _headers.Select(table.IndexOf).ToArray();
        var rows = table.Rows.Select(r => sources.Select(i => i >= 0 && i < r.Length ? r[i] : "").ToArray()).ToList();
        CsvTable.Rewrite(Path, _headers, rows);
    }
}
