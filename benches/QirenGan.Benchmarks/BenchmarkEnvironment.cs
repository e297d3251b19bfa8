using System.Diagnostics;

namespace QirenGan.Benchmarks;

/// <summary>
/// The process environment every number is measured under: one OpenMP and one OpenBLAS thread (per-op overhead
/// is a serial cost, and two shared cores otherwise add scheduling noise), and scripts/env.sh's glibc thresholds
/// so large tensors stay in the heap as they do when QirenGan trains. These must be set before libtorch loads, and
/// an in-process job cannot set them (.NET's Environment.SetEnvironmentVariable does not reach libc's environ),
/// so <see cref="RelaunchIfNeeded"/> starts the program again with them when the caller has not.
/// </summary>
internal static class BenchmarkEnvironment
{
    /// <summary>Name → value, applied exactly (a caller's different value is overridden).</summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>
    {
        ["OMP_NUM_THREADS"] = "1",
        ["OPENBLAS_NUM_THREADS"] = "1",
        ["MALLOC_MMAP_THRESHOLD_"] = "33554432", // 32 MiB, as scripts/env.sh
        ["MALLOC_TRIM_THRESHOLD_"] = "1073741824", // 1 GiB, as scripts/env.sh
    };

    /// <summary>Whether this process already runs with <see cref="Variables"/>.</summary>
    public static bool IsApplied =>
        Variables.All(v => Environment.GetEnvironmentVariable(v.Key) == v.Value);

    /// <summary>
    /// Runs this program again with <see cref="Variables"/> set and returns its exit code, or null when this process
    /// already has them (then the caller runs the benchmarks itself).
    /// </summary>
    public static int? RelaunchIfNeeded(string[] args)
    {
        if (IsApplied)
        {
            return null;
        }
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot locate this executable");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Started as `dotnet QirenGan.Benchmarks.dll`: the host needs the assembly again.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchmarkEnvironment).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in Variables)
        {
            start.Environment[name] = value;
        }
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        child.WaitForExit();
        return child.ExitCode;
    }
}
