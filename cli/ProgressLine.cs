using System.Globalization;

namespace QirenGan.Cli;

/// <summary>
/// Progress of a long count (images extracted, written, …) in a form that suits where it goes: on a terminal one
/// line rewritten in place with a carriage return; redirected to a file or a pipe, a line of its own at every
/// tenth of the total (<see cref="Steps"/>) and at the end, so a log holds a dozen readable lines, not one line thousands of
/// characters long.
/// </summary>
/// <param name="output">Where it goes (standard error for the verbs).</param>
/// <param name="live">Rewrite one line in place (a terminal); false = separate lines every tenth (<see cref="Steps"/>).</param>
public sealed class ProgressLine(TextWriter output, bool live)
{
    /// <summary>Lines of redirected output over the whole count besides the last: one every 1/Steps of the total.</summary>
    public const int Steps = 10;

    private long _lastBucket = -1;

    /// <summary>On standard error: live when it is a terminal, else a line every tenth.</summary>
    public static ProgressLine StandardError() => new(Console.Error, live: !Console.IsErrorRedirected);

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/>; <paramref name="text"/> is the whole message.</summary>
    public void Report(long done, long total, string text)
    {
        var finished = done >= total;
        if (live)
        {
            output.Write($"\r{text}   ");
            if (finished)
            {
                output.WriteLine();
            }
            return;
        }
        var bucket = total > 0 ? done * Steps / total : 0;
        if (finished || bucket > _lastBucket)
        {
            if (!(finished && _lastBucket == long.MaxValue))
            {
                output.WriteLine(text);
            }
            _lastBucket = finished ? long.MaxValue : bucket;
        }
    }

    /// <summary>"done/total images" with the rate when there is one, as every verb words it.</summary>
    public static string Images(string what, long done, long total, double? imagesPerSecond = null) =>
        imagesPerSecond is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{what}: {done}/{total} images ({rate:F1} images/s)")
            : string.Create(CultureInfo.InvariantCulture, $"{what}: {done}/{total} images");
}
