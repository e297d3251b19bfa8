namespace QirenGan.Cli.Bench;

/// <summary>Whether smaller or larger values of a figure are better (for its target).</summary>
public enum Better { Lower, Higher }

/// <summary>One number the bench reports, with the official implementation's figure and the target where there is one.</summary>
/// <param name="Group">Section of the table (circuits, generator, training, memory, …).</param>
/// <param name="Name">What was measured.</param>
/// <param name="Value">The median (or derived) figure.</param>
/// <param name="Unit">ms, images/s, MiB, …</param>
/// <param name="Official">The official QIREN GAN's figure on the same kind of machine, if known.</param>
/// <param name="Target">The goal; null = reported for information.</param>
/// <param name="Direction">Which side of the target passes.</param>
public sealed record BenchFigure(string Group, string Name, double Value, string Unit, double? Official = null,
    double? Target = null, Better Direction = Better.Lower)
{
    public bool? Pass => Target is not { } t ? null : Direction == Better.Lower ? Value <= t : Value >= t;

    public string TargetText => Target is not { } t ? "" : (Direction == Better.Lower ? "≤ " : "≥ ") + Format(t);

    public static string Format(double v) => Math.Abs(v) >= 100 ? v.ToString("N0") : Math.Abs(v) >= 10 ? v.ToString("F1") : v.ToString("F2");
}
