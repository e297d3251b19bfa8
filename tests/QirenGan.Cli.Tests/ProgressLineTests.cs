namespace QirenGan.Cli.Tests;

public sealed class ProgressLineTests
{
    [Fact]
    public void Redirected_progress_is_a_line_every_tenth_and_one_at_the_end()
    {
        // Given output going to a file, and 1,000 images reported one by one
        var file = new StringWriter();
        var progress = new ProgressLine(file, live: false);
        for (var done = 1; done <= 1000; ++done)
        {
            progress.Report(done, 1000, ProgressLine.Images("features", done, 1000));
        }

        // Then one line at the first image, at each further tenth (100, 200, …, 900) and at the end; no carriage return
        var lines = file.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["features: 1/1000 images", .. Enumerable.Range(1, 9).Select(k => $"features: {100 * k}/1000 images"),
            "features: 1000/1000 images"], lines);
        Assert.DoesNotContain('\r', file.ToString());
    }

    [Fact]
    public void On_a_terminal_progress_rewrites_one_line_and_ends_it_when_done()
    {
        var terminal = new StringWriter();
        var progress = new ProgressLine(terminal, live: true);
        progress.Report(1, 2, ProgressLine.Images("spectra", 1, 2, 10));
        progress.Report(2, 2, ProgressLine.Images("spectra", 2, 2, 20));

        Assert.Equal($"\rspectra: 1/2 images (10.0 images/s)   \rspectra: 2/2 images (20.0 images/s)   {Environment.NewLine}", terminal.ToString());
    }
}
