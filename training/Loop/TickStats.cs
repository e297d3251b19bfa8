namespace QirenGan.Training.Loop;

/// <summary>One row of stats.csv: averages over a tick, and the encoder's state at its end.</summary>
public sealed record TickStats(
    long Tick,
    double Kimg,
    double TimeSeconds,
    double SecPerKimg,
    double ImagesPerSecond,
    double EtaSeconds,
    double LossG,
    double LossD,
    double? R1,
    double Gamma,
    double LearningRate,
    double ScoreFake,
    double ScoreReal,
    double PeakMemoryMiB)
{
    /// <summary>G_ema's coordinate-encoder statistics at the end of the tick, in the order of <see cref="EncoderStats.Columns"/> (empty for baselines).</summary>
    public IReadOnlyList<double> Encoder { get; init; } = [];

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

internal sealed class TickAccumulator
{
    private double _g, _d, _r1, _fake, _real;
    private int _n, _nR1;

    public void Add(double g, double d, double? r1, double fake, double real)
    {
        _g += g;
        _d += d;
        _fake += fake;
        _real += real;
        _n++;
        if (r1 is { } v)
        {
            _r1 += v;
            _nR1++;
        }
    }

    public TickStats Finish(TrainingState s, double secPerKimg, TrainingOptions o, long totalNimg)
    {
        var n = Math.Max(_n, 1);
        var stats = new TickStats(s.Tick, s.CurNimg / 1000.0, s.ElapsedSeconds, secPerKimg, 1000 / Math.Max(secPerKimg, 1e-9),
            (totalNimg - s.CurNimg) / 1000.0 * secPerKimg, _g / n, _d / n, _nR1 > 0 ? _r1 / _nR1 : null,
            o.EffectiveGamma, o.GLr, _fake / n, _real / n, ProcessMemory.PeakResidentMiB());
        _g = _d = _r1 = _fake = _real = 0;
        _n = _nR1 = 0;
        return stats;
    }
}
