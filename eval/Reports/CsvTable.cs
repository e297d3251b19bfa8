using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace QirenGan.Eval.Reports;

/// <summary>A CSV file with a header row, read whole (a run's stats.csv or metrics.csv: small files).</summary>
/// <param name="Path">Where it was read from (for messages).</param>
/// <param name="Headers">Column names.</param>
/// <param name="Rows">Every record's fields, as text.</param>
public sealed record CsvTable(string Path, IReadOnlyList<string> Headers, IReadOnlyList<string[]> Rows)
{
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture);

    public static CsvTable Read(string path)
    {
        using var text = new StreamReader(path);
        using var csv = new CsvReader(text, Config);
        if (!csv.Read())
        {
            return new CsvTable(path, [], []);
        }
        csv.ReadHeader();
        var headers = csv.HeaderRecord ?? [];
        var rows = new List<string[]>();
        while (csv.Read())
        {
            var row = new string[headers.Length];
            for (var i = 0; i < headers.Length; ++i)
            {
                row[i] = i < csv.Parser.Count ? csv.GetField(i) ?? "" : "";
            }
            rows.Add(row);
        }
        return new CsvTable(path, headers, rows);
    }

    /// <summary>The index of <paramref name="column"/>, or −1.</summary>
    public int IndexOf(string column) => Headers.ToList().IndexOf(column);

    /// <summary>Field <paramref name="column"/> of <paramref name="row"/> as a number; null when empty or not a number.</summary>
    public double? Number(string[] row, int column) =>
        column >= 0 && column < row.Length
        && double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : null;

    /// <summary>Replaces the file with a header and rows, through a temporary and a rename, so a killed write loses nothing.</summary>
    public static void Rewrite(string path, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var temp = path + ".tmp";
        File.Delete(temp);
        Append(temp, headers, rows);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes a header and rows as RFC 4180 CSV, appending when the file exists (header only for a new file).</summary>
    public static void Append(string path, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
        using var text = new StreamWriter(path, append: true);
        using var csv = new CsvWriter(text, Config);
        foreach (var record in isNew ? rows.Prepend([.. headers]) : rows)
        {
            foreach (var field in record)
            {
                csv.WriteField(field);
            }
            csv.NextRecord();
        }
    }
}
