using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace QirenGan.Training.Loop;

/// <summary>Appends tick statistics to stats.csv (header once), flushing each row so a killed run keeps its history.</summary>
public sealed class StatsWriter(string path)
{
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture);

    public string Path { get; } = path;

    public void Append(TickStats stats)
    {
        var exists = File.Exists(Path) && new FileInfo(Path).Length > 0;
        using var stream = new StreamWriter(Path, append: true);
        using var csv = new CsvWriter(stream, Config);
        if (!exists)
        {
            csv.WriteHeader<TickStats>();
            csv.NextRecord();
        }
        csv.WriteRecord(stats);
        csv.NextRecord();
    }
}
