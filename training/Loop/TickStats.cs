namespace QirenGan.Training.Loop;

/// <summary>
/// The names of the statistics the training loop reports (StyleGAN2-ADA's training_stats names). A phase may report
/// any other name; stats.csv gets a column for it (<see cref="QirenGan.Eval.Runs.RunLayout.StatsColumnFor"/>).
/// </summary>
public static class StatNames
{
    public const string LossG = "Loss/G/loss";
    public const string LossD = "Loss/D/loss";
    public const string R1 = "Loss/D/r1";
    public const string ScoreFake = "Loss/scores/fake";
    public const string ScoreReal = "Loss/scores/real";
    public const string Gamma = "Options/gamma";
    public const string LearningRate = "Options/lr";
}

/// <summary>
/// One row of stats.csv: the tick's progress and timing, then its statistics by name — each phase statistic's mean
/// over the steps that reported it (null when none did, e.g. R1 in a tick without an R1 step), the options worth
/// charting and G_ema's coordinate-encoder state at the tick's end (<see cref="EncoderStats"/>).
/// </summary>
public sealed record TickStats(
    long Tick,
    double Kimg,
    double TimeSeconds,
    double SecPerKimg,
    double ImagesPerSecond,
    double EtaSeconds,
    double PeakMemoryMiB,
    IReadOnlyList<(string Name, double? Value)> Values)
{
    /// <summary>The statistic <paramref name="name"/>, or null when the tick has none.</summary>
    public double? this[string name] => Values.FirstOrDefault(v => v.Name == name).Value;

    public double LossG => this[StatNames.LossG] ?? double.NaN;

    public double LossD => this[StatNames.LossD] ?? double.NaN;

    public double? R1 => this[StatNames.R1];

    public override string ToString() =>
        $"tick {Tick,-4} kimg {Kimg,8:F3}  time {Format(TimeSeconds),-9} sec/kimg {SecPerKimg,7:F2}  img/s {ImagesPerSecond,6:F1}  " +
        $"ETA {Format(EtaSeconds),-9} G {LossG:F3}  D {LossD:F3}  R1 {(R1.HasValue ? R1.Value.ToString("F4") : "-")}  " +
        $"mem {PeakMemoryMiB:F0} MiB";

    public static string Format(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds:D2}s" : $"{t.TotalSeconds:F1}s";
    }
}

/// <summary>Sums of the statistics steps report, by name, in the order the names were declared or first reported.</summary>
internal sealed class TickAccumulator
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, (double Sum, int Count)> _sums = [];

    /// <summary>Names every tick has a value for (null when no step reported it), in this order.</summary>
    public void Declare(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            Slot(name);
        }
    }

    public void Add(string name, double value)
    {
        var (sum, count) = _sums[Slot(name)];
        _sums[name] = (sum + value, count + 1);
    }

    private string Slot(string name)
    {
        if (!_sums.ContainsKey(name))
        {
            _order.Add(name);
            _sums[name] = (0, 0);
        }
        return name;
    }

    /// <summary>The means since the last call, then starts over.</summary>
    public List<(string Name, double? Value)> Finish()
    {
        var means = _order.Select(n => (n, _sums[n].Count > 0 ? _sums[n].Sum / _sums[n].Count : (double?)null)).ToList();
        foreach (var name in _order)
        {
            _sums[name] = (0, 0);
        }
        return means;
    }
}
