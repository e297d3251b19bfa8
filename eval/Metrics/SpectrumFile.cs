using System.Globalization;
using System.Text.Json;

namespace QirenGan.Eval.Metrics;

/// <summary>What a spectrum-NNNNNN.json holds (the parts the report draws).</summary>
/// <param name="Kimg">Training progress of the snapshot measured (null = not tied to one).</param>
/// <param name="Size">Image side R.</param>
/// <param name="LogRatio">ln(P_fake/P_real) of the grey spectra, centred row-major [R·R] (row u: k_y = u − ⌊R/2⌋, top row the most negative k_y).</param>
/// <param name="Excess">spectrum_excess (grey).</param>
/// <param name="NoiseFloor">Its white-noise sampling floor at these image counts.</param>
/// <param name="RadialLogRatio">ln ratio of the ring means, ring j = 1…(corner).</param>
/// <param name="AngularDegrees">Sector centres.</param>
/// <param name="AngularLogRatio">ln ratio of the sector means (within |k| ≤ R/2).</param>
public sealed record SpectrumRecord(double? Kimg, int Size, double[] LogRatio, double Excess, double NoiseFloor,
    double[] RadialLogRatio, double[] AngularDegrees, double[] AngularLogRatio);

/// <summary>
/// spectrum-NNNNNN.json beside a run's metrics.csv: one evaluation's grey log-ratio spectrum
/// ln(P_fake(k)/P_real(k)) (k_y rows, k_x columns, both from −⌊R/2⌋; DC is 0), its radial and angular profiles, the
/// per-channel excess and the image counts. NNNNNN is the snapshot's label (<see cref="Runs.RunLayout"/>: the same as its network-snapshot-NNNNNN).
/// Values are rounded to 5 decimals, which keeps a 256×256 map near 0.5 MB.
/// </summary>
public static class SpectrumFile
{
    public const string Format = "qirengan-spectrum-v1";
    /// <summary>Writes <paramref name="comparison"/> to <paramref name="path"/> (through a temporary file and a rename).</summary>
    public static void Write(string path, SpectrumComparison comparison, double? kimg)
    {
        var (realR, fakeR) = comparison.Radial();
        var (realA, fakeA) = comparison.Angular();
        var map = comparison.LogRatioMap();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            if (kimg is { } k)
            {
                json.WriteNumber("kimg", Math.Round(k, 3));
            }
            json.WriteNumber("size", comparison.Size);
            json.WriteNumber("num_real", comparison.NumReal);
            json.WriteNumber("num_fake", comparison.NumFake);
            json.WriteNumber("sectors", comparison.Bins.Sectors);
            json.WriteString("orientation", "degrees of the frequency vector, vertical axis up: 0 = along x (vertical stripes), 90 = along y");
            json.WriteStartObject("excess");
            foreach (var (channel, metric) in SpectrumComparison.Rows)
            {
                json.WriteNumber(metric, Round(comparison.Excess(channel)));
            }
            json.WriteEndObject();
            json.WriteNumber("noise_floor", Round(comparison.NoiseFloor));
            Array(json, "radial_real_power", realR.Skip(1), significant: true);
            Array(json, "radial_fake_power", fakeR.Skip(1), significant: true);
            Array(json, "radial_log_ratio", realR.Skip(1).Zip(fakeR.Skip(1), (r, f) => SpectralExcess.LogRatio(f, r)));
            Array(json, "angular_degrees", Enumerable.Range(0, comparison.Bins.Sectors).Select(comparison.Bins.SectorCentre));
            Array(json, "angular_log_ratio", realA.Zip(fakeA, (r, f) => SpectralExcess.LogRatio(f, r)));
            json.WriteStartArray("log_ratio");
            for (var u = 0; u < comparison.Size; ++u)
            {
                json.WriteStartArray();
                for (var v = 0; v < comparison.Size; ++v)
                {
                    json.WriteNumberValue(Round(map[u * comparison.Size + v]));
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var temp = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, stream.ToArray());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a file written by <see cref="Write"/>; anything else raises an error naming the file.</summary>
    public static SpectrumRecord Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (!root.TryGetProperty("format", out var format) || format.GetString() != Format)
            {
                throw new InvalidDataException($"{path}: not a spectrum file (expected format '{Format}')");
            }
            var size = root.GetProperty("size").GetInt32();
            var rows = root.GetProperty("log_ratio").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
            if (size < 2 || rows.Count != size || rows.Any(r => r.Length != size))
            {
                throw new InvalidDataException($"{path}: log_ratio is not {size}×{size}");
            }
            double[] Numbers(string name) => root.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            return new SpectrumRecord(
                root.TryGetProperty("kimg", out var k) ? k.GetDouble() : null,
                size,
                rows.SelectMany(r => r).ToArray(),
                root.GetProperty("excess").GetProperty(SpectrumComparison.Rows[0].Metric).GetDouble(),
                root.GetProperty("noise_floor").GetDouble(),
                Numbers("radial_log_ratio"),
                Numbers("angular_degrees"),
                Numbers("angular_log_ratio"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: malformed spectrum file ({e.Message})");
        }
    }

    private static void Array(Utf8JsonWriter json, string name, IEnumerable<double> values, bool significant = false)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteNumberValue(significant ? Significant(v) : Round(v));
        }
        json.WriteEndArray();
    }

    /// <summary>5 decimals; non-finite values (an empty bin) become 0 — JSON has no NaN.</summary>
    private static double Round(double v) => double.IsFinite(v) ? Math.Round(v, 5) : 0;

    /// <summary>6 significant digits (powers span many decades).</summary>
    private static double Significant(double v) =>
        double.IsFinite(v) ? double.Parse(v.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : 0;
}
