using System.Text.RegularExpressions;
using QirenGan.Eval.Reports;

namespace QirenGan.Eval.Tests.Reports;

public sealed class CircuitFrequencyChartTests
{
    [Fact]
    public void Reports_chart_each_circuits_frequency_over_kimg_against_the_training_Nyquist_limit()
    {
        // Given a 16×16 QIREN run whose stats.csv has 3 circuits' maxfreq columns over 4 ticks
        using var tmp = Repo.TempDir();
        var run = Directory.CreateDirectory(tmp.File("00000-faces-qiren")).FullName;
        File.WriteAllText(Path.Combine(run, "options.json"), "{\"Generator\": {\"Resolution\": 16, \"Inr\": \"qiren\"}}");
        var rows = Enumerable.Range(1, 4).Select(t => new[] { $"{t}", $"{t * 0.5}", "1.0", $"{t}", $"{2 * t}", $"{3 * t}" }).ToList();
        CsvTable.Append(Path.Combine(run, "stats.csv"), ["tick", "kimg", "loss_g", "maxfreq_c0", "maxfreq_c1", "maxfreq_c2"], rows);

        // When the report is rendered
        var html = RunReport.Render(run);

        // Then one chart has a line of 4 points per circuit, labelled c0–c2, and the Nyquist limit 8 is stated
        var section = html[html.IndexOf("<h2>Circuit frequencies</h2>", StringComparison.Ordinal)..];
        var chart = section[..(section.IndexOf("</svg>", StringComparison.Ordinal) + 6)];
        Assert.Contains("Circuit frequencies over kimg", chart);
        foreach (var label in new[] { ">c0<", ">c1<", ">c2<" })
        {
            Assert.Contains(label, chart);
        }
        var lines = Regex.Matches(chart, "<polyline[^>]*points=\"([^\"]*)\"").Select(m => m.Groups[1].Value.Trim().Split(' ').Length).ToList();
        Assert.Equal([4, 4, 4], lines);
        Assert.Contains("up to 8 cycles/image (Nyquist)", section);
    }

    [Fact]
    public void Runs_without_circuit_columns_have_no_frequency_section()
    {
        using var tmp = Repo.TempDir();
        var run = Directory.CreateDirectory(tmp.File("00000-faces-siren")).FullName;
        CsvTable.Append(Path.Combine(run, "stats.csv"), ["tick", "kimg", "loss_g"], [["1", "0.5", "1.0"]]);

        Assert.DoesNotContain("Circuit frequencies", RunReport.Render(run));
    }
}
