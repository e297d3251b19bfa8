using QirenGan.Cli.Commands;

namespace QirenGan.Cli.Bench;

/// <summary>The bench's text output: settings, the figures with their targets and marks, the profile.</summary>
public static class BenchPrinter
{
    public static void Print(BenchReport report)
    {
        var m = report.Machine;
        Console.WriteLine($"machine   {m.Cpu}, {m.Cores} cores, {m.MemoryMiB:N0} MiB; libtorch {m.LibTorch}, {m.TorchThreads} intra-op threads; {m.Blas}; allocator {m.Allocator}");
        Console.WriteLine($"runtime   {m.Dotnet}, GC {m.Gc}");
        Console.WriteLine($"settings  {string.Join("  ", m.Environment.Select(e => $"{e.Key}={e.Value}"))}");
        Console.WriteLine($"method    {report.Settings.Warmup} warm-up, then medians of {report.Settings.Repeats} (circuits) / " +
                          $"{report.Settings.Iterations} (training iterations, each case in its own process)");
        Console.WriteLine();
        BenchCommand.PrintTable(["", "figure", "ours", "unit", "official", "target", ""],
            report.Figures.Select(f => new[]
            {
                f.Group, f.Name, BenchFigure.Format(f.Value), f.Unit,
                f.Official is { } o ? BenchFigure.Format(o) : "", f.TargetText,
                f.Pass switch { true => "pass", false => "FAIL", null => "" },
            }));
        var marked = report.Figures.Where(f => f.Pass is not null).ToList();
        Console.WriteLine();
        Console.WriteLine($"{marked.Count(f => f.Pass == true)} of {marked.Count} targets met");

        foreach (var t in report.Training.Where(t => t.Case is { Resolution: 32, Circuit: "shared", Batch: BenchSuite.Batch }))
        {
            Console.WriteLine();
            Console.WriteLine($"profile: {t.Case.Name}, ms per iteration (iteration median {t.IterationSeconds * 1000:F0} ms)");
            var total = t.Phases.Sum(p => p.Ms);
            BenchCommand.PrintTable(["phase", "ms", "share"],
                t.Phases.Select(p => new[] { p.Phase, p.Ms.ToString("F1"), $"{100 * p.Ms / total:F0} %" }));
        }
        foreach (var (what, operators) in report.Profiles.Select(p => (p.What, p.Operators)))
        {
            Console.WriteLine();
            Console.WriteLine($"operators: {what}, ms per repetition (under the profiler, which adds its own overhead)");
            BenchCommand.PrintTable(["operator", "calls", "self ms", "total ms"],
                operators.Take(15).Select(o => new[] { o.Name, o.Calls.ToString("N0"), o.SelfMs.ToString("F2"), o.TotalMs.ToString("F2") }));
        }
    }
}
