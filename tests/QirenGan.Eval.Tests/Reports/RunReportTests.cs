using System.Text.RegularExpressions;
using System.Xml.Linq;
using QirenGan.Eval.Metrics;
using QirenGan.Eval.Reports;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Tests.Reports;

public sealed class RunReportTests
{
    /// <summary>A run directory as training leaves it: options, 6 ticks of stats, two metric rows, two sample grids, reals, an interpolation grid.</summary>
    public static string MakeRun(string root)
    {
        var run = Directory.CreateDirectory(Path.Combine(root, "00003-ffhq32-qiren")).FullName;
        File.WriteAllText(Path.Combine(run, "options.json"),
            "{\"Data\": \"ffhq32.zip\", \"Batch\": 32, \"Generator\": {\"Resolution\": 32, \"Inr\": \"qiren\", \"Hidden\": [64, 32, 32]}, \"Metrics\": [\"fid50k_full\"]}");
        var stats = new List<string[]>();
        for (var t = 0; t < 6; ++t)
        {
            stats.Add([$"{t * 4}", $"{t * 60}", "15.2", $"{1.2 - 0.1 * t}", $"{0.9 + 0.05 * t}", t % 2 == 0 ? "0.3" : "", "0.0064", "0.0025", "812"]);
        }
        CsvTable.Append(Path.Combine(run, "stats.csv"), ["kimg", "time", "sec_per_kimg", "loss_g", "loss_d", "r1", "gamma", "lr", "peak_mem_mib"], stats);
        MetricsCsv.Append(run, 4, [new MetricResult("fid50k_full", 210.5)]);
        MetricsCsv.Append(run, 20, [new MetricResult("fid50k_full", 95.25)]);
        ImageCodec.WritePng(Path.Combine(run, "fakes000000.png"), Solid(40, 8, 8));
        ImageCodec.WritePng(Path.Combine(run, "fakes000020.png"), Solid(200, 8, 8));
        // A finer name (a snapshot 500 images past kimg 20, which would have overwritten fakes000020.png)
        ImageCodec.WritePng(Path.Combine(run, "fakes000020.500.png"), Solid(220, 8, 8));
        ImageCodec.WritePng(Path.Combine(run, "reals.png"), Solid(90, 8, 8));
        ImageCodec.WritePng(Path.Combine(run, "interpolation-w.png"), Solid(150, 16, 8));
        return run;
    }

    private static RgbImage Solid(byte value, int w, int h) => new(w, h, Enumerable.Repeat(value, w * h * 3).ToArray());

    [Fact]
    public void A_statistic_the_report_does_not_know_gets_a_chart_of_its_own_and_encoder_columns_do_not()
    {
        // Given a stats.csv with the usual columns, two encoder columns and a new regulariser's column at the end
        using var tmp = Repo.TempDir();
        var run = Directory.CreateDirectory(Path.Combine(tmp.Path, "00000-x")).FullName;
        CsvTable.Append(Path.Combine(run, "stats.csv"), ["tick", "kimg", "loss_g", "fnorm_c0", "bn_std_min", "loss_d_pl"],
            [["1", "4", "1.5", "0.7", "0.5", "0.25"], ["2", "8", "1.25", "0.8", "0.5", "0.125"]]);

        // When the report is rendered
        var html = RunReport.Render(run, embedImages: false);

        // Then the new column is charted under its name, the known ones as before, the encoder's not on their own
        Assert.Contains(">loss_d_pl<", html);
        Assert.Contains(">Losses<", html);
        Assert.DoesNotContain(">fnorm_c0<", html);
        Assert.DoesNotContain(">bn_std_min<", html);
    }

    [Fact]
    public void The_report_embeds_the_latest_samples_charts_and_options_and_needs_no_network()
    {
        using var tmp = Repo.TempDir();
        var run = MakeRun(tmp.Path);

        var path = RunReport.Write(run);
        var html = File.ReadAllText(path);

        // Latest fakes, reals and the interpolation grid embedded byte for byte; the older fakes not shown.
        foreach (var file in new[] { "fakes000020.500.png", "reals.png", "interpolation-w.png" })
        {
            Assert.Contains("data:image/png;base64," + Convert.ToBase64String(File.ReadAllBytes(Path.Combine(run, file))), html);
        }
        Assert.DoesNotContain(Convert.ToBase64String(File.ReadAllBytes(Path.Combine(run, "fakes000000.png"))), html);
        Assert.DoesNotContain(Convert.ToBase64String(File.ReadAllBytes(Path.Combine(run, "fakes000020.png"))), html);
        Assert.Contains("20.5 kimg", html);
        // Nothing to fetch and nothing to run.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Regex.Matches(html, "(src|href)=\"(https?:)?//").Cast<Match>());
        // Options flattened into the table.
        Assert.Contains("<td>Generator.Resolution</td><td>32</td>", html);
        Assert.Contains("<td>Generator.Hidden</td><td>64, 32, 32</td>", html);
        // The metrics table shows the latest and best FID.
        Assert.Contains("<td>fid50k_full</td><td>95.25</td><td>20</td><td>95.25</td>", html);
    }

    [Fact]
    public void Every_chart_is_well_formed_svg_with_one_point_per_row()
    {
        using var tmp = Repo.TempDir();
        var run = MakeRun(tmp.Path);

        var html = RunReport.Render(run);
        var charts = Regex.Matches(html, "<svg .*?</svg>").Select(m => XElement.Parse(m.Value)).ToList();

        XNamespace svg = "http://www.w3.org/2000/svg";
        var titles = charts.Select(c => c.Attribute("aria-label")!.Value).ToList();
        Assert.Equal(["fid50k_full", "Losses", "R1 penalty", "Seconds per kimg", "Peak memory (MiB)"], titles);
        var losses = charts[titles.IndexOf("Losses")].Descendants(svg + "polyline").ToList();
        Assert.Equal(2, losses.Count);
        Assert.All(losses, l => Assert.Equal(6, l.Attribute("points")!.Value.Split(' ').Length));
        // R1 is logged every other tick: 3 points.
        Assert.Equal(3, charts[titles.IndexOf("R1 penalty")].Descendants(svg + "polyline").Single().Attribute("points")!.Value.Split(' ').Length);
    }

    [Fact]
    public void Chart_points_map_the_data_range_onto_the_plot_area()
    {
        // Given x in [0, 10] and y in [0, 10] (ticks at 0, 2, …, 10 so the axes span exactly the data)
        var svg = XElement.Parse(SvgChart.Render("t", "x", [new ChartSeries("s", [(0, 0), (5, 10), (10, 5)])]));

        var points = svg.Descendants(XName.Get("polyline", "http://www.w3.org/2000/svg")).Single().Attribute("points")!.Value;

        // Then (0, 0) is the bottom-left corner of the plot area, (5, 10) the top middle, (10, 5) the right middle.
        const double left = SvgChart.Left, right = SvgChart.Width - SvgChart.Right;
        const double top = SvgChart.Top, bottom = SvgChart.Height - SvgChart.Bottom;
        string P(double x, double y) => $"{x.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)},{y.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}";
        Assert.Equal($"{P(left, bottom)} {P((left + right) / 2, top)} {P(right, (top + bottom) / 2)}", points);
    }

    [Fact]
    public void The_legend_sits_above_the_plot_area_and_covers_no_line()
    {
        // Given a loss chart whose G loss ends at the top-right corner (where a corner legend used to sit)
        XNamespace ns = "http://www.w3.org/2000/svg";
        var svg = XElement.Parse(SvgChart.Render("Losses", "kimg",
            [new ChartSeries("G loss", [(0, 0), (10, 10)]), new ChartSeries("D loss", [(0, 5), (10, 1)])]));

        // Then every legend label lies above the plot's top edge, and the lines reach that edge
        var labels = svg.Descendants(ns + "text").Where(t => t.Value is "G loss" or "D loss").ToList();
        Assert.Equal(2, labels.Count);
        Assert.All(labels, l => Assert.True(double.Parse(l.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture) < SvgChart.Top));
        var ys = svg.Descendants(ns + "polyline").SelectMany(p => p.Attribute("points")!.Value.Split(' '))
            .Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(SvgChart.Top, ys.Min(), 6);
    }

    [Fact]
    public void Ticks_are_round_numbers_covering_the_range()
    {
        Close.All([0, 2, 4, 6, 8, 10], SvgChart.Ticks(0, 10), 1e-12);
        Close.All([0.2, 0.4, 0.6, 0.8, 1.0], SvgChart.Ticks(0.21, 0.87), 1e-12);
        Close.All([-50, 0, 50, 100, 150, 200, 250], SvgChart.Ticks(-20, 230), 1e-9);
    }

    [Fact]
    public void An_empty_run_directory_still_gives_a_report_that_says_what_is_missing()
    {
        using var tmp = Repo.TempDir();

        var html = RunReport.Render(tmp.Path);

        Assert.Contains("No metrics yet", html);
        Assert.Contains("No training statistics yet", html);
        Assert.Contains("No sample grids yet", html);
        Assert.Contains("options.json is missing", html);
    }
}
