using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace QirenGan.Benchmarks;

/// <summary>
/// One short job for the whole suite: in-process (BenchmarkDotNet's default toolchain builds and restores a generated
/// child project, which needs the package feed), a few short iterations so every benchmark finishes in seconds on
/// two shared cores, times in nanoseconds and managed bytes allocated per op (native memory is not counted).
/// Benchmark classes are public and unsealed because BenchmarkDotNet requires it.
/// </summary>
internal sealed class BenchmarkConfig : ManualConfig
{
    /// <summary>Warm-up iterations before measuring (JIT tiering, libtorch's first-call caches).</summary>
    private const int WarmupIterations = 3;

    /// <summary>Measured iterations; the error column is a 99.9% interval over these.</summary>
    private const int MeasuredIterations = 10;

    /// <summary>Target duration of one iteration, in milliseconds.</summary>
    private const int IterationMilliseconds = 200;

    public BenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        // Reports go beside the executable (bin/, ignored by git) unless --artifacts says otherwise.
        ArtifactsPath = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(WarmupIterations)
            .WithIterationCount(MeasuredIterations)
            .WithIterationTime(TimeInterval.FromMilliseconds(IterationMilliseconds))
            // Listed so the summary records them; Program has already started this process with them
            // (an in-process job cannot apply them itself).
            .WithEnvironmentVariables(BenchmarkEnvironment.Variables
                .Select(v => new EnvironmentVariable(v.Key, v.Value)).ToArray())
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Nanosecond));
        WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared));
    }
}
