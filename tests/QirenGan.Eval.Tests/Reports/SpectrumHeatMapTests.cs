using QirenGan.Eval.Metrics;
using QirenGan.Eval.Reports;

namespace QirenGan.Eval.Tests.Reports;

[Collection(TorchCollection.Name)]
public sealed class SpectrumHeatMapTests
{
    [Fact]
    public void The_colour_scale_is_diverging_and_centred_on_white()
    {
        // ColorBrewer RdBu's end and middle stops
        Assert.Equal(((byte)0x21, (byte)0x66, (byte)0xac), SpectrumHeatMap.Color(-1));
        Assert.Equal(((byte)0xf7, (byte)0xf7, (byte)0xf7), SpectrumHeatMap.Color(0));
        Assert.Equal(((byte)0xb2, (byte)0x18, (byte)0x2b), SpectrumHeatMap.Color(1));
        Assert.Equal(SpectrumHeatMap.Color(1), SpectrumHeatMap.Color(7));
        // from +1 towards 0 the red lightens steadily to white (its R component only grows)
        var reds = Enumerable.Range(0, 21).Select(i => (int)SpectrumHeatMap.Color(1 - i / 10.0).R).ToList();
        Assert.True(reds.Zip(reds.Skip(1)).Take(10).All(p => p.First <= p.Second), string.Join(",", reds));
    }

    [Fact]
    public void The_map_puts_frequency_zero_in_the_centre_with_positive_k_y_up()
    {
        // Given an 8×8 log-ratio map that is +1 at k = (k_y −2, k_x 1) — row 2, column 5 — and 0 elsewhere
        var map = new double[64];
        map[2 * 8 + 5] = 1;

        // When it is rendered (every frequency a 32×32 block: 256 px)
        var picture = SpectrumHeatMap.Render(map, SpectrumHeatMap.ScaleOf(map));

        // Then that block is full red, the centre block white, and the row index runs top-down (k_y −2 is above the
        // centre: with the vertical axis up, it is the frequency (up 2, right 1))
        Assert.Equal(256, picture.Width);
        byte[] Pixel(int row, int col) => picture.Pixels.AsSpan((row * 32 + 16) * 256 * 3 + (col * 32 + 16) * 3, 3).ToArray();
        Assert.Equal(new byte[] { 0xb2, 0x18, 0x2b }, Pixel(2, 5));
        Assert.Equal(new byte[] { 0xf7, 0xf7, 0xf7 }, Pixel(4, 4));
        Assert.Equal(1.0, SpectrumHeatMap.ScaleOf(map));
        Assert.Equal(SpectrumHeatMap.MinScale, SpectrumHeatMap.ScaleOf(new double[64]));
    }

    [Fact]
    public void The_report_shows_the_latest_spectrum_by_kimg()
    {
        // Given a run with spectrum files at 12 kimg and at 12.5 kimg (a finer label, which sorts before "000012.json")
        using var tmp = Repo.TempDir();
        using var scope = DisposeScope.Enter();
        var run = RunReportTests.MakeRun(tmp.Path);
        var bytes = new byte[4 * 3 * 16 * 16];
        new Random(1).NextBytes(bytes);
        using var real = new PowerSpectrum(16, 16);
        using var fake = new PowerSpectrum(16, 16);
        real.Append(Tensors.FromArray(bytes, [4, 3, 16, 16]));
        fake.Append(Tensors.FromArray(bytes, [4, 3, 16, 16]).Flip(2));
        var comparison = new SpectrumComparison(real, fake);
        SpectrumFile.Write(Path.Combine(run, "spectrum-000012.json"), comparison, 12);
        SpectrumFile.Write(Path.Combine(run, "spectrum-000012.500.json"), comparison, 12.5);

        // When the report is written
        var html = RunReport.Render(run);

        // Then its spectrum section shows the 12.5 kimg file, its picture and colour legend, and both profiles
        Assert.Contains("<h2>Spectrum</h2>", html);
        Assert.Contains("spectrum-000012.500.json", html);
        Assert.DoesNotContain("(spectrum-000012.json)", html);
        Assert.Contains("url(#spectrum-scale)", html);
        Assert.Contains("by radius", html);
        Assert.Contains("by orientation", html);
        // and the file read back holds what was written
        var record = SpectrumFile.Read(Path.Combine(run, "spectrum-000012.500.json"));
        Close.Scalar(comparison.Excess(SpectrumChannel.Grey), record.Excess, 1e-5, "excess");
        Close.All(comparison.LogRatioMap(), record.LogRatio, 1e-5, what: "log-ratio map");
    }

    [Fact]
    public void A_run_without_a_spectrum_file_has_no_spectrum_section_and_a_broken_one_is_named()
    {
        using var tmp = Repo.TempDir();
        var run = RunReportTests.MakeRun(tmp.Path);
        Assert.DoesNotContain("<h2>Spectrum</h2>", RunReport.Render(run));

        File.WriteAllText(Path.Combine(run, "spectrum-000004.json"), "{\"format\": \"something else\"}");
        var html = RunReport.Render(run);
        Assert.Contains("<h2>Spectrum</h2>", html);
        Assert.Contains("not a spectrum file", html);
    }
}
