using System.Diagnostics;
using System.Text.Json;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using QirenGan.Torch.Profiling;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Bench;

/// <summary>One training configuration to time.</summary>
/// <param name="Data">Image folder at <paramref name="Resolution"/>.</param>
/// <param name="Resolution">Training resolution.</param>
/// <param name="Circuit">shared or generated.</param>
/// <param name="R1Interval">0 = no R1; 1 = R1 on every D step (lazy R1's cost is derived from both).</param>
/// <param name="Batch">Images per iteration.</param>
/// <param name="Warmup">Untimed iterations first (at least one epoch of <paramref name="Data"/> and one more).</param>
/// <param name="Iterations">Timed iterations (median).</param>
/// <param name="Trace">Where to write a Chrome trace of the timed iterations' operators (null = no profiler).</param>
/// <param name="Preset">The generator preset (`train --preset`); <paramref name="Circuit"/> overrides its circuit mode.</param>
public sealed record TrainingCase(string Data, int Resolution, string Circuit, int R1Interval, int Batch, int Warmup, int Iterations,
    string? Trace = null, string Preset = GeneratorPresets.Official)
{
    public string Name => $"{Resolution}×{Resolution} {(Preset == GeneratorPresets.Official ? "" : Preset + " preset, ")}{Circuit}, " +
        $"{(R1Interval == 0 ? "no R1" : R1Interval == 1 ? "R1 every step" : $"R1 every {R1Interval}")}, batch {Batch}";
}

/// <summary>What one training case measured (medians over its timed iterations).</summary>
public sealed record TrainingResult(
    TrainingCase Case,
    double IterationSeconds,
    double ImagesPerSecond,
    double PeakRssMiB,
    double ManagedBytesPerIteration,
    int Gen0, int Gen1, int Gen2,
    double GcPauseMs,
    IReadOnlyList<PhaseTime> Phases,
    IReadOnlyList<OperatorTime>? Operators = null);

public sealed record PhaseTime(string Phase, double Ms);

/// <summary>
/// Times training iterations of the real <see cref="TrainingLoop"/> (data loading, G step, D step, EMA). Each case runs
/// in a child process, so its peak resident memory is its own and not the high-water mark of the cases before it.
/// </summary>
public static class TrainingBench
{
    /// <summary>Runs <paramref name="c"/> in this process (what the child does).</summary>
    public static TrainingResult RunInProcess(TrainingCase c)
    {
        var options = new TrainingOptions(c.Data, Path.GetTempPath(), Kimg: 1e6, Batch: c.Batch,
            GeneratorPresets.Get(c.Preset, c.Resolution) with { Circuit = Enum.Parse<CircuitMode>(c.Circuit, ignoreCase: true) },
            R1Interval: c.R1Interval, KimgPerTick: 1e6);
        var runDir = Directory.CreateTempSubdirectory("qirengan-bench-run-").FullName;
        try
        {
            using var loop = new TrainingLoop(options, runDir, _ => { });
            // Warm up for at least one epoch: the dataset keeps decoded images in memory, so from the second epoch
            // on no image is decoded, and the allocation figures compare steady states at every batch size.
            var images = Directory.Exists(c.Data) ? Directory.GetFiles(c.Data).Length : 0;
            var warmup = Math.Max(c.Warmup, (images + c.Batch - 1) / c.Batch + 1);
            for (var i = 0; i < warmup; ++i)
            {
                loop.Iterate();
            }
            var profile = new PhaseProfile();
            loop.Profile = profile;
            var times = new List<double>();
            var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var pause = GC.GetTotalPauseDuration();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            using (var profiler = c.Trace is null ? null : OperatorProfiler.Start(c.Trace))
            {
                for (var i = 0; i < c.Iterations; ++i)
                {
                    var clock = Stopwatch.StartNew();
                    loop.Iterate();
                    times.Add(clock.Elapsed.TotalSeconds);
                }
            }
            var bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)c.Iterations;
            var operators = c.Trace is null
                ? null
                : OperatorProfiler.Summarise(c.Trace).Take(30)
                    .Select(o => o with { SelfMs = o.SelfMs / c.Iterations, TotalMs = o.TotalMs / c.Iterations }).ToList();
            times.Sort();
            var median = times[times.Count / 2];
            return new TrainingResult(c, median, c.Batch / median, ProcessMemory.PeakResidentMiB(), bytes,
                GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2,
                (GC.GetTotalPauseDuration() - pause).TotalMilliseconds,
                profile.PerIteration().Select(p => new PhaseTime(p.Phase, p.Seconds * 1000)).ToList(), operators);
        }
        finally
        {
            Directory.Delete(runDir, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="c"/> in a child `qirengan bench --training-case` process.</summary>
    public static TrainingResult RunInChild(TrainingCase c)
    {
        var start = SelfInvocation();
        start.ArgumentList.Add("bench");
        start.ArgumentList.Add("--training-case");
        start.ArgumentList.Add(JsonSerializer.Serialize(c));
        // Tiered JIT recompiles hot code on a background thread for the first dozen iterations, stealing a core from
        // libtorch's two OpenMP threads; compiling fully up front makes two warm-up iterations enough.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new CliException("bench: could not start a child process");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new CliException($"bench: the training case '{c.Name}' failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
        }
        return JsonSerializer.Deserialize<TrainingResult>(stdout)
               ?? throw new CliException($"bench: the training case '{c.Name}' printed no result");
    }

    /// <summary>How to start this same CLI again: `dotnet qirengan.dll` or the published executable.</summary>
    private static ProcessStartInfo SelfInvocation()
    {
        var host = Environment.ProcessPath ?? throw new CliException("bench: cannot tell which executable is running");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(TrainingBench).Assembly.Location);
        }
        return start;
    }
}
