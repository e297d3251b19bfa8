using System.Runtime;
using System.Runtime.InteropServices;
using QirenGan.Torch;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Bench;

/// <summary>What the figures depend on besides the code: the machine and the thread, BLAS and allocator settings.</summary>
public sealed record MachineSettings(
    string Cpu,
    int Cores,
    long MemoryMiB,
    int TorchThreads,
    string LibTorch,
    string Blas,
    string Allocator,
    string Dotnet,
    string Gc,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The environment variables that change the figures (scripts/env.sh sets them).</summary>
    public static readonly string[] Variables =
    [
        "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_",
        "MALLOC_ARENA_MAX", "LD_PRELOAD", "DOTNET_gcServer", "DOTNET_GCgen0size",
    ];

    public static MachineSettings Current()
    {
        var config = TorchRuntime.BuildConfig;
        var blasInfo = System.Text.RegularExpressions.Regex.Match(config, "BLAS_INFO=([^,\\s]+)");
        var blas = $"{(blasInfo.Success ? blasInfo.Groups[1].Value : "unknown")} BLAS, loaded: {Mapped("blas") ?? "none mapped yet"}";
        var allocator = Mapped("tcmalloc") ?? Mapped("jemalloc") ?? "glibc malloc";
        var env = Variables.ToDictionary(v => v, v => System.Environment.GetEnvironmentVariable(v) ?? "(unset)");
        return new MachineSettings(CpuModel(), System.Environment.ProcessorCount, (long)ProcessMemory.MachineMiB(), TorchRuntime.Threads,
            TorchRuntime.Version, blas, allocator, RuntimeInformation.FrameworkDescription,
            $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}", env);
    }

    /// <summary>
    /// The shared objects mapped into this process whose names contain <paramref name="part"/>, or null: which BLAS
    /// (Debian's libblas.so.3 is an alternative) and which allocator (a preloaded tcmalloc) really run.
    /// </summary>
    private static string? Mapped(string part)
    {
        try
        {
            var libs = File.ReadLines("/proc/self/maps")
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
                .Where(p => p.Contains(part, StringComparison.OrdinalIgnoreCase))
                .Select(Path.GetFileName).Distinct().ToList();
            return libs.Count == 0 ? null : string.Join(", ", libs);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
