using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using QirenGan.Torch;
using QirenGan.Training.Distributed;

namespace QirenGan.DistributedWorker;

/// <summary>
/// One rank of a test job. Joins the group from --rank/--world-size/--master, all-reduces a tensor holding
/// rank + 1 and prints "rank R sum S". Faults on request: --fail-rank K makes rank K exit after joining
/// (--fail-how exit137 | failfast), --hang-rank K makes it go silent until killed or orphaned (with --heartbeat
/// the others print a line every 200 ms for a minute instead of reducing), --ignore-sigterm 1 makes every rank
/// ignore SIGTERM. --bench N times N all-reduces of 1M floats.
/// </summary>
public static class Program
{
    private const int OrphanedExitCode = 3;
    private static readonly TimeSpan OrphanPoll = TimeSpan.FromMilliseconds(200);

    public static int Main(string[] args)
    {
        try
        {
            var a = Parse(args);
            // Stands for a rank stuck in native code that never gets to act on SIGTERM: only SIGKILL ends it.
            using var ignoreTerm = a.ContainsKey("--ignore-sigterm")
                ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
                {
                    context.Cancel = true;
                    Console.Error.WriteLine("ignoring SIGTERM");
                })
                : null;
            var timeout = TimeSpan.FromSeconds(double.Parse(a.GetValueOrDefault("--timeout", "10"), CultureInfo.InvariantCulture));
            var options = DistributedOptions.Parse(Int(a, DistributedOptions.RankOption), Int(a, DistributedOptions.WorldSizeOption),
                a[DistributedOptions.MasterOption], timeout);
            using var group = options.Join(Device.Cpu);
            Console.WriteLine($"rank {options.Rank} joined");
            if (a.TryGetValue("--fail-rank", out var fail) && int.Parse(fail, CultureInfo.InvariantCulture) == options.Rank)
            {
                Console.Error.WriteLine($"rank {options.Rank} failing on purpose");
                if (a.GetValueOrDefault("--fail-how", "exit137") == "failfast")
                {
                    Environment.FailFast("distributed worker test: deliberate failure");
                }
                Environment.Exit(137);
            }
            if (a.TryGetValue("--hang-rank", out var hang) && int.Parse(hang, CultureInfo.InvariantCulture) == options.Rank)
            {
                return HangUntilOrphaned();
            }
            if (a.ContainsKey("--heartbeat"))
            {
                // Busy without collectives, so only the hung rank falls silent.
                for (var i = 0; i < 300; ++i)
                {
                    Console.WriteLine($"rank {options.Rank} alive {i}");
                    Thread.Sleep(200);
                }
                return 0;
            }
            if (a.TryGetValue("--bench", out var bench))
            {
                Bench(group, int.Parse(bench, CultureInfo.InvariantCulture));
                return 0;
            }
            using var scope = DisposeScope.Enter();
            var t = Tensors.Full([3], options.Rank + 1);
            group.AllReduceSum(t);
            Console.WriteLine($"rank {options.Rank} sum {t.Sum().ToDouble().ToString(CultureInfo.InvariantCulture)}");
            group.Barrier();
            return 0;
        }
        catch (Exception e) when (e is TorchException or FormatException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Silent until the launcher kills it, or until the launcher itself is gone: a hung rank whose kill went
    /// astray must not spin on the machine after its test host has exited (one did, for 21 minutes). When the
    /// parent dies the kernel re-parents this process, which getppid shows; polling it costs nothing.
    /// </summary>
    private static int HangUntilOrphaned()
    {
        var parent = GetParentProcessId();
        while (GetParentProcessId() == parent)
        {
            Thread.Sleep(OrphanPoll);
        }
        Console.Error.WriteLine($"hung rank: parent {parent} is gone; exiting");
        return OrphanedExitCode;
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentProcessId();

    private static void Bench(Torch.Distributed.ProcessGroup group, int iterations)
    {
        const int n = 1 << 20;
        using var scope = DisposeScope.Enter();
        var t = Tensors.Ones([n]);
        group.AllReduceSum(t); // warm-up: connections and buffers
        var times = new List<double>();
        for (var i = 0; i < iterations; ++i)
        {
            var clock = Stopwatch.StartNew();
            group.AllReduceSum(t);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var median = times[times.Count / 2];
        var gbPerSecond = n * sizeof(float) / (median / 1000) / 1e9;
        Console.WriteLine(FormattableString.Invariant(
            $"rank {group.Rank}: all-reduce of {n} floats, median {median:0.00} ms over {iterations} ({gbPerSecond:0.00} GB/s of tensor)"));
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            result[args[i]] = args[i + 1];
        }
        return result;
    }

    private static int Int(Dictionary<string, string> a, string key) =>
        int.TryParse(a.GetValueOrDefault(key), CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"{key} missing or not a number");
}
