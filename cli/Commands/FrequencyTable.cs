using System.Globalization;
using System.Text;
using System.Text.Json;
using QirenGan.Eval.Reports;
using QirenGan.Generator.Quantum;

namespace QirenGan.Cli.Commands;

/// <summary>The circuit frequencies `inspect` reports: a printed table, frequencies.csv (one row per wire) and frequencies.json.</summary>
public static class FrequencyTable
{
    public const string CsvFile = "frequencies.csv";
    public const string JsonFile = "frequencies.json";

    /// <summary>The CSV columns; frequencies in cycles per image width, orientation in degrees (0 = varies along x).</summary>
    public static readonly string[] Columns =
    [
        "network", "circuit", "wire", "fx", "fy", "magnitude", "orientation_deg", "highest_harmonic",
        "circuit_max_frequency", "nyquist", "above_nyquist",
    ];

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The table `inspect` prints for one network.</summary>
    public static string Format(string title, IReadOnlyList<CircuitFrequency> circuits)
    {
        var text = new StringBuilder();
        var first = circuits[0];
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{title}: cycles per image, S = {first.First.Reuploads}, Nyquist at {first.Resolution}×{first.Resolution} = {F(first.Nyquist)}");
        text.AppendLine("circuit wire        fx        fy       |f|    angle°    S·|f|   circuit max");
        foreach (var c in circuits)
        {
            foreach (var w in new[] { c.First, c.Second })
            {
                var max = w.Wire == 0 ? string.Create(CultureInfo.InvariantCulture, $"{c.MaxFrequency,9:F3}{(c.AboveNyquist ? "  > Nyquist" : "")}") : "";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{w.Circuit,7} {w.Wire,4} {w.Fx,9:F3} {w.Fy,9:F3} {w.Magnitude,9:F3} {w.OrientationDegrees,9:F1} {w.HighestHarmonic,8:F3}   {max}");
            }
        }
        return text.ToString();
    }

    /// <summary>Writes frequencies.csv afresh: one row per network and wire.</summary>
    public static void WriteCsv(string path, IEnumerable<(string Network, IReadOnlyList<CircuitFrequency> Circuits)> networks)
    {
        File.Delete(path);
        CsvTable.Append(path, Columns, networks.SelectMany(n => n.Circuits.SelectMany(c => new[] { c.First, c.Second }.Select(w => new[]
        {
            n.Network, w.Circuit.ToString(CultureInfo.InvariantCulture), w.Wire.ToString(CultureInfo.InvariantCulture), F(w.Fx), F(w.Fy),
            F(w.Magnitude), F(w.OrientationDegrees), F(w.HighestHarmonic), F(c.MaxFrequency), F(c.Nyquist), c.AboveNyquist ? "true" : "false",
        }))));
    }

    /// <summary>Writes frequencies.json: per network, per circuit, its wires and highest frequency.</summary>
    public static void WriteJson(string path, IEnumerable<(string Network, IReadOnlyList<CircuitFrequency> Circuits)> networks)
    {
        var document = networks.ToDictionary(n => n.Network, n => n.Circuits.Select(c => new
        {
            circuit = c.Circuit,
            wires = new[] { c.First, c.Second }.Select(w => new
            {
                wire = w.Wire,
                fx = w.Fx,
                fy = w.Fy,
                magnitude = w.Magnitude,
                orientation_deg = w.OrientationDegrees,
                highest_harmonic = w.HighestHarmonic,
            }),
            max_frequency = c.MaxFrequency,
            nyquist = c.Nyquist,
            above_nyquist = c.AboveNyquist,
            reuploads = c.First.Reuploads,
        }).ToList());
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
