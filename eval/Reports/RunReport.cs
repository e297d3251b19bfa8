using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using QirenGan.Eval.Metrics;
using QirenGan.Eval.Runs;

namespace QirenGan.Eval.Reports;

/// <summary>
/// report.html for a run directory (StyleGAN2-ADA layout): metric and training curves as inline SVG, the latest
/// spectrum-NNNNNN.json as a log-ratio heat map with its radial and angular profiles, the latest
/// fakesNNNNNN.png, reals.png and interpolation grids, and the options. One self-contained file — images embedded
/// as data URIs by default, no scripts, nothing fetched — so it opens from disk anywhere. Reads options.json,
/// stats.csv (columns such as kimg, loss_g, loss_d, r1, sec_per_kimg, peak_mem_mib; snake_case or PascalCase)
/// and metrics.csv (kimg, metric, value); each may be missing.
/// </summary>
public static partial class RunReport
{
    public const string FileName = RunLayout.ReportFile;

    /// <summary>Chart groups of stats.csv: title and the columns drawn (<see cref="RunLayout.StatsColumn"/> finds them).</summary>
    private static readonly (string Title, (string Column, string Label)[] Series)[] StatCharts =
    [
        ("Losses", [("loss_g", "G loss"), ("loss_d", "D loss")]),
        ("Discriminator scores", [("score_real", "real"), ("score_fake", "fake")]),
        ("R1 penalty", [("r1", "R1")]),
        ("Seconds per kimg", [("sec_per_kimg", "sec/kimg")]),
        ("Peak memory (MiB)", [("peak_mem_mib", "peak MiB")]),
    ];

    /// <summary>Writes <paramref name="runDir"/>/report.html (through a temporary file and a rename) and returns its path.</summary>
    public static string Write(string runDir, bool embedImages = true)
    {
        if (!Directory.Exists(runDir))
        {
            throw new DirectoryNotFoundException($"{runDir}: no such run directory");
        }
        var path = RunLayout.Report(runDir);
        var temp = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, Render(runDir, embedImages), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>The report's HTML.</summary>
    public static string Render(string runDir, bool embedImages = true)
    {
        var name = Path.GetFileName(Path.GetFullPath(runDir).TrimEnd(Path.DirectorySeparatorChar));
        var stats = ReadTable(RunLayout.Stats(runDir));
        var metrics = File.Exists(RunLayout.Metrics(runDir)) ? MetricsCsv.Read(RunLayout.Metrics(runDir)) : [];
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append($"<title>{E(name)} — QirenGan run report</title>");
        html.Append("<style>body{font-family:sans-serif;margin:24px;color:#222;max-width:1200px}h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}" +
                    "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f4f4f4}" +
                    ".charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:8px 0}figcaption{font-size:13px;color:#555}img{max-width:100%;image-rendering:pixelated;border:1px solid #ddd}" +
                    ".muted{color:#888}</style></head><body>\n");
        html.Append($"<h1>{E(name)}</h1>\n<p class=\"muted\">QirenGan run report, written {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        var kimgColumn = stats is null ? -1 : RunLayout.StatsColumn(stats.Headers, RunLayout.KimgColumn);
        if (stats != null && kimgColumn >= 0 && stats.Rows.Count > 0 && stats.Number(stats.Rows[^1], kimgColumn) is { } lastKimg)
        {
            html.Append(CultureInfo.InvariantCulture, $"; {stats.Rows.Count} ticks, {lastKimg:0.###} kimg");
        }
        html.Append(".</p>\n");

        AppendMetrics(html, metrics);
        AppendSpectrum(html, runDir);
        AppendTrainingCurves(html, stats, kimgColumn);
        AppendCircuitFrequencies(html, stats, kimgColumn, RunLayout.Options(runDir));
        AppendImages(html, runDir, embedImages);
        AppendOptions(html, RunLayout.Options(runDir));
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendMetrics(StringBuilder html, List<MetricRow> metrics)
    {
        html.Append("<h2>Metrics</h2>\n");
        if (metrics.Count == 0)
        {
            html.Append("<p class=\"muted\">No metrics yet (metrics.csv is missing or empty).</p>\n");
            return;
        }
        html.Append("<table><tr><th>metric</th><th>latest</th><th>at kimg</th><th>best</th></tr>");
        foreach (var group in metrics.GroupBy(m => m.Metric))
        {
            var latest = group.Last();
            var lowerIsBetter = !group.Key.Contains("precision") && !group.Key.Contains("recall");
            var best = lowerIsBetter ? group.Min(m => m.Value) : group.Max(m => m.Value);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(group.Key)}</td><td>{latest.Value:G6}</td><td>{(latest.Kimg is { } k ? k.ToString("0.###", CultureInfo.InvariantCulture) : "–")}</td><td>{best:G6}</td></tr>");
        }
        html.Append("</table>\n<div class=\"charts\">");
        // One chart per metric, except the spectral excess: grey and its R, G, B rows share one chart.
        var spectral = new List<ChartSeries>();
        foreach (var group in metrics.Where(m => m.Kimg.HasValue).GroupBy(m => m.Metric))
        {
            var series = new ChartSeries(group.Key, group.Select(m => (m.Kimg!.Value, m.Value)).ToList());
            if (SpectrumComparison.Rows.Any(r => r.Metric == group.Key))
            {
                spectral.Add(series);
                continue;
            }
            html.Append(SvgChart.Render(group.Key, "kimg", [series]));
        }
        if (spectral.Count > 0)
        {
            html.Append(SvgChart.Render("Spectral excess (spectrum)", "kimg", spectral));
        }
        html.Append("</div>\n");
    }

    /// <summary>
    /// The latest spectrum-NNNNNN.json: its grey log-ratio map as an embedded PNG with an SVG colour legend, and the
    /// log ratio against radius and against orientation. Nothing when the run has no spectrum file.
    /// </summary>
    private static void AppendSpectrum(StringBuilder html, string runDir)
    {
        var latest = RunLayout.Spectra(runDir).LastOrDefault();
        if (latest is null)
        {
            return;
        }
        html.Append("<h2>Spectrum</h2>\n");
        SpectrumRecord record;
        try
        {
            record = SpectrumFile.Read(latest);
        }
        catch (InvalidDataException e)
        {
            html.Append($"<p class=\"muted\">{E(e.Message)}</p>\n");
            return;
        }
        var c = CultureInfo.InvariantCulture;
        var at = record.Kimg is { } k ? $" at {k.ToString("0.###", c)} kimg" : "";
        var scale = SpectrumHeatMap.ScaleOf(record.LogRatio);
        var png = Convert.ToBase64String(QirenGan.Torch.Imaging.ImageCodec.EncodePng(SpectrumHeatMap.Render(record.LogRatio, scale)));
        var caption = $"ln(P_fake/P_real) of the grey power spectra{at} ({Path.GetFileName(latest)}): frequency 0 in the centre, " +
                      $"k_x to the right, k_y up, ±{record.Size / 2} cycles per image at the edges. Red: the generated images " +
                      $"carry more power than the reals (a grille shows as red points or lines), blue: less. " +
                      $"spectrum_excess {record.Excess.ToString("0.#####", c)} (sampling-noise floor ≈ {record.NoiseFloor.ToString("0.#####", c)}).";
        html.Append("<div class=\"charts\"><figure>");
        html.Append($"<img src=\"data:image/png;base64,{png}\" alt=\"log-ratio spectrum\" style=\"width:{SpectrumHeatMap.MinPixels * 3 / 2}px\">");
        html.Append(SpectrumHeatMap.Legend(scale, SpectrumHeatMap.MinPixels * 3 / 2));
        html.Append($"<figcaption style=\"max-width:{SpectrumHeatMap.MinPixels * 3 / 2}px\">{E(caption)}</figcaption></figure>");
        html.Append(SvgChart.Render("ln(P_fake/P_real) by radius (grey)", "|k| (cycles per image)",
            [new ChartSeries("ring mean", record.RadialLogRatio.Select((v, j) => ((double)(j + 1), v)).ToList())]));
        html.Append(SvgChart.Render("ln(P_fake/P_real) by orientation (grey)", "orientation of k (degrees; 0 = along x)",
            [new ChartSeries("sector mean, |k| ≤ R/2", record.AngularDegrees.Zip(record.AngularLogRatio).ToList())]));
        html.Append("</div>\n");
    }

    private static void AppendTrainingCurves(StringBuilder html, CsvTable? stats, int kimgColumn)
    {
        html.Append("<h2>Training</h2>\n");
        if (stats == null || kimgColumn < 0 || stats.Rows.Count == 0)
        {
            html.Append("<p class=\"muted\">No training statistics yet (stats.csv is missing, empty or has no kimg column).</p>\n");
            return;
        }
        html.Append("<div class=\"charts\">");
        foreach (var (title, columns) in StatCharts)
        {
            var series = columns
                .Select(c => (c.Label, Index: RunLayout.StatsColumn(stats.Headers, c.Column)))
                .Where(c => c.Index >= 0)
                .Select(c => new ChartSeries(c.Label, stats.Rows
                    .Select(r => (X: stats.Number(r, kimgColumn), Y: stats.Number(r, c.Index)))
                    .Where(p => p.X.HasValue && p.Y.HasValue)
                    .Select(p => (p.X!.Value, p.Y!.Value))
                    .ToList()))
                .ToList();
            if (series.Count > 0)
            {
                html.Append(SvgChart.Render(title, "kimg", series));
            }
        }
        // Any statistic the charts above do not name (a new loss term or regulariser): one chart each, as it arrives.
        foreach (var (column, index) in stats.Headers.Select((h, i) => (h, i)).Where(c => IsOtherStatistic(c.h)))
        {
            var points = stats.Rows
                .Select(r => (X: stats.Number(r, kimgColumn), Y: stats.Number(r, index)))
                .Where(p => p.X.HasValue && p.Y.HasValue)
                .Select(p => (p.X!.Value, p.Y!.Value))
                .ToList();
            if (points.Count > 0)
            {
                html.Append(SvgChart.Render(column, "kimg", [new ChartSeries(column, points)]));
            }
        }
        html.Append("</div>\n");
    }

    /// <summary>
    /// A stats.csv column that is neither one every run has (<see cref="RunLayout.StatsColumns"/>, under any spelling)
    /// nor a per-circuit or BatchNorm encoder column (the circuit-frequency chart draws those that are charted).
    /// </summary>
    private static bool IsOtherStatistic(string column) =>
        !RunLayout.StatsColumns.Any(c => RunLayout.StatsColumn([column], c) == 0) && !EncoderColumn().IsMatch(column);

    [GeneratedRegex(@"^(?:fnorm|gamma|maxfreq)_c\d+$|^bn_")]
    private static partial Regex EncoderColumn();

    /// <summary>
    /// "Circuit frequencies over kimg": stats.csv's maxfreq_cN columns (each QIREN circuit's highest spatial frequency
    /// in G_ema, cycles per image), against the training resolution's Nyquist limit R/2 from options.json. Nothing for
    /// runs without them (baselines, older runs).
    /// </summary>
    private static void AppendCircuitFrequencies(StringBuilder html, CsvTable? stats, int kimgColumn, string optionsPath)
    {
        var columns = stats?.Headers.Select((h, i) => (Match: CircuitFrequencyColumn().Match(h), Index: i)).Where(c => c.Match.Success).ToList();
        if (stats == null || kimgColumn < 0 || columns is not { Count: > 0 })
        {
            return;
        }
        var series = columns.Select(c => new ChartSeries("c" + c.Match.Groups[1].Value, stats.Rows
            .Select(r => (X: stats.Number(r, kimgColumn), Y: stats.Number(r, c.Index)))
            .Where(p => p.X.HasValue && p.Y.HasValue)
            .Select(p => (p.X!.Value, p.Y!.Value))
            .ToList())).ToList();
        html.Append("<h2>Circuit frequencies</h2>\n<div class=\"charts\">");
        html.Append(SvgChart.Render("Circuit frequencies over kimg (cycles/image, G_ema)", "kimg", series));
        html.Append("</div>\n<p class=\"muted\">Each circuit's highest spatial frequency, S·max(‖f_a + f_b‖, ‖f_a − f_b‖) over its two wires");
        if (TrainingResolution(optionsPath) is { } r)
        {
            html.Append(CultureInfo.InvariantCulture, $"; the {r}×{r} training grid represents up to {r / 2.0:0.#} cycles/image (Nyquist)");
        }
        html.Append(". <code>qirengan inspect</code> draws the circuits.</p>\n");
    }

    /// <summary>Generator.Resolution of options.json, or null when it cannot be read.</summary>
    private static int? TrainingResolution(string optionsPath)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(optionsPath));
            return doc.RootElement.TryGetProperty("Generator", out var g) && g.TryGetProperty("Resolution", out var r) && r.TryGetInt32(out var v)
                ? v
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^maxfreq_c(\d+)$")]
    private static partial Regex CircuitFrequencyColumn();

    private static void AppendImages(StringBuilder html, string runDir, bool embed)
    {
        html.Append("<h2>Images</h2>\n");
        var files = Directory.GetFiles(runDir, "*.png").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var shown = new List<(string File, string Caption)>();
        if (RunLayout.FakesGrids(runDir).LastOrDefault() is { } latestPath)
        {
            var latest = Path.GetFileName(latestPath);
            var kimg = RunLayout.Kimg(RunLayout.LabelOf(latest)!);
            shown.Add((latest, $"Latest samples ({latest}, {kimg.ToString("0.###", CultureInfo.InvariantCulture)} kimg; G_ema)"));
        }
        if (files.Contains(RunLayout.RealsFile))
        {
            shown.Add((RunLayout.RealsFile, $"Training images ({RunLayout.RealsFile})"));
        }
        shown.AddRange(files.Where(f => f.Contains("interp", StringComparison.OrdinalIgnoreCase)).Select(f => (f, $"Interpolation ({f})")));
        if (shown.Count == 0)
        {
            html.Append("<p class=\"muted\">No sample grids yet.</p>\n");
            return;
        }
        foreach (var (file, caption) in shown)
        {
            var source = embed
                ? "data:image/png;base64," + Convert.ToBase64String(File.ReadAllBytes(Path.Combine(runDir, file)))
                : Uri.EscapeDataString(file);
            html.Append($"<figure><img src=\"{source}\" alt=\"{E(caption)}\"><figcaption>{E(caption)}</figcaption></figure>\n");
        }
    }

    private static void AppendOptions(StringBuilder html, string path)
    {
        html.Append("<h2>Options</h2>\n");
        if (!File.Exists(path))
        {
            html.Append("<p class=\"muted\">options.json is missing.</p>\n");
            return;
        }
        var rows = new List<(string Key, string Value)>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            Flatten(doc.RootElement, "", rows);
        }
        catch (JsonException e)
        {
            html.Append($"<p class=\"muted\">{E(path)}: not valid JSON ({E(e.Message)}).</p>\n");
            return;
        }
        html.Append("<table><tr><th>option</th><th>value</th></tr>");
        foreach (var (key, value) in rows)
        {
            html.Append($"<tr><td>{E(key)}</td><td>{E(value)}</td></tr>");
        }
        html.Append("</table>\n");
    }

    /// <summary>Nested objects become dotted keys; arrays of scalars a comma-separated list.</summary>
    private static void Flatten(JsonElement e, string prefix, List<(string, string)> rows)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}", rows);
                }
                break;
            case JsonValueKind.Array when e.EnumerateArray().All(x => x.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)):
                rows.Add((prefix, string.Join(", ", e.EnumerateArray().Select(Scalar))));
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var x in e.EnumerateArray())
                {
                    Flatten(x, $"{prefix}[{i++}]", rows);
                }
                break;
            default:
                rows.Add((prefix, Scalar(e)));
                break;
        }
    }

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Null => "null",
        _ => e.GetRawText(),
    };

    private static CsvTable? ReadTable(string path) => File.Exists(path) ? CsvTable.Read(path) : null;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
