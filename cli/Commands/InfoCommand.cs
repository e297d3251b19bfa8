using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using QirenGan.Torch;

namespace QirenGan.Cli.Commands;

/// <summary>`qirengan info [--bench]`: versions, build configuration, threads, devices, and a throughput probe.</summary>
public static class InfoCommand
{
    public static Command Build()
    {
        var bench = new Option<bool>("--bench") { Description = "Also measure matmul and conv2d throughput (GFLOP/s, medians)." };
        var command = new Command("info", "Print .NET and libtorch versions, build config (BLAS, oneDNN, CUDA), threads and devices.");
        command.Options.Add(bench);
        command.SetAction(result =>
        {
            Run(result.GetValue(bench));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The installed package behind the loaded libtorch_cpu: Debian's 1.13.1 reports 1.13.0 in its headers' TORCH_VERSION,
    /// so the package version is the one to quote. Empty when the library is not a Debian package's (e.g. a pip wheel).
    /// </summary>
    private static string LibtorchPackage()
    {
        try
        {
            var library = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 6 && Path.GetFileName(f[5]).StartsWith("libtorch_cpu.so", StringComparison.Ordinal))
                .Select(f => f[5]).FirstOrDefault();
            if (library is null)
            {
                return "";
            }
            var owner = Query("-S", library).Split(':')[0];
            var version = owner.Length > 0 ? Query("-W", "-f=${Version}", owner) : "";
            return version.Length > 0 ? $"; package {owner} {version}, {library}" : $"; {library}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    private static string Query(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dpkg-query", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : "";
    }

    private static void Run(bool bench)
    {
        Console.WriteLine($"QirenGan        {typeof(InfoCommand).Assembly.GetName().Version}");
        Console.WriteLine($".NET            {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
        Console.WriteLine($"libtorch        {TorchRuntime.Version} (headers){LibtorchPackage()}");
        Console.WriteLine($"images          {QirenGan.Torch.Imaging.ImageCodec.Library}");
        Console.WriteLine($"intra-op threads {TorchRuntime.Threads} (processors: {Environment.ProcessorCount})");
        foreach (var name in RuntimeSettings.Variables)
        {
            Console.WriteLine($"  {name,-24} {Environment.GetEnvironmentVariable(name) ?? "(unset)"}");
        }
        var cuda = TorchRuntime.CudaDeviceCount;
        Console.WriteLine($"devices         cpu{(cuda > 0 ? string.Concat(Enumerable.Range(0, cuda).Select(i => $", cuda:{i}")) : " (no CUDA in this build)")}");
        Console.WriteLine("build config:");
        foreach (var line in TorchRuntime.BuildConfig.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Console.WriteLine("  " + line.Trim());
        }
        if (bench)
        {
            Console.WriteLine($"matmul 512×512×512 float32: {MatmulGflops():F1} GFLOP/s (median of 20)");
            Console.WriteLine($"matmul 512×512×512 float32, one per core: {MatmulGflopsAllCores():F1} GFLOP/s (median of 20)");
            Console.WriteLine($"oneDNN 512³ product (1×1 convolution), all cores: {OneDnnGemmGflops():F1} GFLOP/s (median of 20)");
            Console.WriteLine($"conv2d 32×64×32×32, 3×3 → 64: {ConvGflops():F1} GFLOP/s (median of 10)");
            var (peak, source, _) = Peak();
            Console.WriteLine($"peak {peak:F1} GFLOP/s: {source} (best of OpenBLAS and oneDNN at {string.Join(", ", PeakSizes.Select(n => $"{n}³"))} and the 3×3 convolution)");
        }
    }

    /// <summary>Median GFLOP/s of a 512³ float32 matrix product (2·n³ flops).</summary>
    public static double MatmulGflops(int n = 512, int repeats = 20)
    {
        using var scope = DisposeScope.Enter();
        var a = Tensors.Randn([n, n], new RandomGenerator(1));
        var b = Tensors.Randn([n, n], new RandomGenerator(2));
        return Median(repeats, () => a.Mm(b).Dispose()) is var s ? 2.0 * n * n * n / s / 1e9 : 0;
    }

    /// <summary>
    /// GFLOP/s of 512³ float32 matrix products run on every core at once, one product per core (BLAS keeps one
    /// thread, as the launcher sets it): the machine's attainable matrix-multiply peak. Median of the per-round rates.
    /// </summary>
    public static double MatmulGflopsAllCores(int n = 512, int repeats = 20)
    {
        var cores = Environment.ProcessorCount;
        using var scope = DisposeScope.Enter();
        var a = Tensors.Randn([n, n], new RandomGenerator(1));
        var b = Tensors.Randn([n, n], new RandomGenerator(2));
        void Round() => Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, _ =>
        {
            for (var k = 0; k < 4; ++k)
            {
                a.Mm(b).Dispose();
            }
        });
        var seconds = Median(repeats, Round);
        return 4.0 * cores * 2.0 * n * n * n / seconds / 1e9;
    }

    /// <summary>
    /// GFLOP/s of the same 512³ product through oneDNN, libtorch's convolution engine: a 1×1 convolution of 512
    /// channels over 512 pixels, on libtorch's intra-op threads. oneDNN picks its kernels for the CPU it runs on
    /// (AVX-512 where there is one), where Debian's OpenBLAS 0.3.21 may not know the CPU and fall back to AVX2
    /// kernels, so on such machines this is the higher of the two.
    /// </summary>
    public static double OneDnnGemmGflops(int n = 512, int repeats = 20)
    {
        using var scope = DisposeScope.Enter();
        var x = Tensors.Randn([1, n, n / 32, 32], new RandomGenerator(1));
        var w = Tensors.Randn([n, n, 1, 1], new RandomGenerator(2));
        return Median(repeats, () => Functional.Conv2d(x, w, null).Dispose()) is var s ? 2.0 * n * n * n / s / 1e9 : 0;
    }

    /// <summary>The sizes <see cref="Peak"/> measures: large enough that neither engine is limited by a small problem.</summary>
    public static readonly int[] PeakSizes = [512, 1024, 2048];

    /// <summary>One rate <see cref="Peak"/> measured.</summary>
    public sealed record PeakMeasurement(string What, double Gflops);

    /// <summary>
    /// The machine's attainable dense-arithmetic peak: the best of OpenBLAS with one product per core and oneDNN on
    /// all of libtorch's threads, at every size of <see cref="PeakSizes"/>, and of the 3×3 convolution the training
    /// loop runs most (counted as a direct convolution, so an engine that runs it with fewer multiplications, as a
    /// Winograd kernel does, shows there). A rate the loop achieves by the same FLOP count cannot then exceed it.
    /// Returns the peak, what reached it, and every measurement.
    /// </summary>
    public static (double Gflops, string Source, IReadOnlyList<PeakMeasurement> All) Peak()
    {
        var all = new List<PeakMeasurement>();
        foreach (var n in PeakSizes)
        {
            var repeats = Math.Max(3, 20 * 512 / n);
            all.Add(new($"OpenBLAS {n}³, one per core ({Environment.ProcessorCount})", MatmulGflopsAllCores(n, repeats)));
            all.Add(new($"oneDNN {n}³ as a 1×1 convolution, all threads", OneDnnGemmGflops(n, repeats)));
        }
        all.Add(new("oneDNN 3×3 convolution 32×64×32×32 → 64, all threads", ConvGflops()));
        var best = all.MaxBy(m => m.Gflops)!;
        return (best.Gflops, best.What, all);
    }

    /// <summary>Median GFLOP/s of a batch-32 64→64 3×3 convolution at 32×32 (2·B·Co·Ci·9·H·W flops).</summary>
    public static double ConvGflops(int repeats = 10)
    {
        using var scope = DisposeScope.Enter();
        var x = Tensors.Randn([32, 64, 32, 32], new RandomGenerator(1));
        var w = Tensors.Randn([64, 64, 3, 3], new RandomGenerator(2));
        var seconds = Median(repeats, () => Functional.Conv2d(x, w, null, padding: 1).Dispose());
        return 2.0 * 32 * 64 * 64 * 9 * 32 * 32 / seconds / 1e9;
    }

    private static double Median(int repeats, Action action)
    {
        action();
        var times = new double[repeats];
        for (var i = 0; i < repeats; ++i)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
