using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QirenGan.Training.Distributed;

/// <summary>
/// Runs a single-machine data-parallel job: starts N copies of a command with <c>--rank R --world-size N
/// --master 127.0.0.1:PORT</c> appended (a free port picked), passes rank 0's output through verbatim and folds
/// the others' (their error lines prefixed with the rank, their other output as one periodic line), and watches
/// them. When one exits with an error, is killed, or stays silent past the stall timeout, the rest are stopped
/// (SIGTERM, then SIGKILL to them and their children after <see cref="LauncherOptions.ShutdownGrace"/>) and the job
/// fails with a <see cref="WorkerFailedException"/> naming that rank. No worker outlives <see cref="Run"/>. Plays the
/// part of torch.distributed.run (torchrun) for one node, without its restarts.
/// </summary>
public static class WorkerLauncher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(2);

    /// <summary>Runs the job to the end; returns when every worker exited with code 0.</summary>
    /// <exception cref="WorkerFailedException">A worker failed or stalled; all workers have been stopped.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired; all workers stopped.</exception>
    public static void Run(WorkerCommand command, LauncherOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (options.Processes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{options.Processes} processes: need at least 1");
        }
        if (options.ThreadsPerWorker is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "threads per worker must be at least 1");
        }
        var n = options.Processes;
        var port = options.MasterPort == 0 ? PickFreePort(options.MasterHost) : options.MasterPort;
        var master = new MasterAddress(options.MasterHost, port);
        var output = TextWriter.Synchronized(options.Output ?? Console.Out);
        var error = TextWriter.Synchronized(options.Error ?? Console.Error);
        var fold = options.FoldInterval ?? LauncherOptions.DefaultFoldInterval;
        var threads = options.ThreadsPerWorker ?? Math.Max(1, Environment.ProcessorCount / n);
        var grace = options.ShutdownGrace ?? LauncherOptions.DefaultShutdownGrace;
        var workers = new List<WorkerProcess>();
        var exiting = false;
        // If this process is told to terminate, its workers must not outlive it. The handler runs on another
        // thread, possibly while workers are still being started: the lock makes it see every started one, and
        // `exiting` stops the loop from starting more after it ran.
        EventHandler stopOnExit = (_, _) =>
        {
            lock (workers)
            {
                exiting = true;
                Stop(workers, TimeSpan.Zero, error);
            }
        };
        AppDomain.CurrentDomain.ProcessExit += stopOnExit;
        try
        {
            for (var rank = 0; rank < n; ++rank)
            {
                var args = new DistributedOptions(rank, n, master, DistributedOptions.DefaultTimeout).WorkerArguments();
                WorkerProcess worker;
                lock (workers)
                {
                    if (exiting)
                    {
                        throw new OperationCanceledException("the launcher is exiting; no more workers are started");
                    }
                    worker = WorkerProcess.Start(rank, command, args, threads, output, error, fold > TimeSpan.Zero);
                    workers.Add(worker);
                }
                options.WorkerStarted?.Invoke(worker.Rank, worker.Id);
            }
            Watch(workers, options.StallTimeout, fold, cancellation);
        }
        finally
        {
            lock (workers)
            {
                Stop(workers, grace, error);
            }
            AppDomain.CurrentDomain.ProcessExit -= stopOnExit;
            foreach (var w in workers)
            {
                // A process can be reported as exited before its last lines have been read.
                w.DrainOutput(DrainBound);
                w.FoldIfDue(fold, force: true);
                w.Dispose();
            }
            output.Flush();
            error.Flush();
        }
    }

    /// <summary>A TCP port that was free on <paramref name="host"/> a moment ago (the OS's choice).</summary>
    public static int PickFreePort(string host = "127.0.0.1")
    {
        var address = IPAddress.TryParse(host, out var ip) ? ip : IPAddress.Loopback;
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Describes an exit code the way a shell reports it (128 + N = killed by signal N).</summary>
    public static string DescribeExit(int code)
    {
        if (code is > 128 and < 128 + 32)
        {
            var signal = code - 128;
            var name = signal switch
            {
                1 => "SIGHUP",
                2 => "SIGINT",
                6 => "SIGABRT, an abort or fail-fast",
                7 => "SIGBUS",
                9 => "SIGKILL, often the out-of-memory killer",
                11 => "SIGSEGV, a crash",
                15 => "SIGTERM",
                _ => $"signal {signal}",
            };
            return $"exit code {code} (128 + {signal}: killed by {name})";
        }
        return $"exit code {code}";
    }

    private static void Watch(List<WorkerProcess> workers, TimeSpan? stallTimeout, TimeSpan fold,
        CancellationToken cancellation)
    {
        var n = workers.Count;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            // When one rank dies its peers fail moments later; the first to exit is the cause.
            var failed = workers.Where(w => w.HasExited && w.ExitCode != 0).MinBy(w => w.ExitTime);
            if (failed is not null)
            {
                failed.DrainOutput(DrainBound);
                throw new WorkerFailedException(failed.Rank, failed.ExitCode,
                    $"rank {failed.Rank} of {n} failed with {DescribeExit(failed.ExitCode)}; stopped the other " +
                    "workers." + Tail(failed));
            }
            if (workers.All(w => w.HasExited))
            {
                return;
            }
            if (stallTimeout is { } stall)
            {
                // Ranks wait for each other inside collectives, so once one hangs the others fall silent too;
                // the one quiet longest is the likeliest culprit.
                var quietest = workers.Where(w => !w.HasExited).MaxBy(w => w.Silence);
                if (quietest is not null && quietest.Silence > stall)
                {
                    throw new WorkerFailedException(quietest.Rank, null,
                        $"rank {quietest.Rank} of {n} made no progress (no output) for {stall.TotalSeconds:0.#} s " +
                        "(of the running ranks, it has been quiet longest); stopped all workers." + Tail(quietest));
                }
            }
            foreach (var w in workers)
            {
                w.FoldIfDue(fold);
            }
            cancellation.WaitHandle.WaitOne(PollInterval);
        }
    }

    private static string Tail(WorkerProcess worker)
    {
        var lines = worker.RecentLines();
        return lines.Count == 0
            ? " It wrote nothing."
            : $" Its last output:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", lines);
    }

    /// <summary>
    /// Ends every worker still running and waits until each one has exited: SIGTERM, up to
    /// <paramref name="grace"/> to exit, then SIGKILL to it and its child processes. Whatever path left
    /// <see cref="Run"/>, no worker may outlive it (a hung test rank once outlived its passing test by 21 minutes,
    /// spinning a core). Never throws, so that it cannot hide the job's own error.
    /// </summary>
    private static void Stop(List<WorkerProcess> workers, TimeSpan grace, TextWriter error)
    {
        var running = workers.Where(w => !w.HasExited).ToList();
        if (running.Count == 0)
        {
            return;
        }
        if (grace > TimeSpan.Zero)
        {
            running.ForEach(w => w.Terminate());
            var clock = Stopwatch.StartNew();
            foreach (var w in running)
            {
                var left = grace - clock.Elapsed;
                w.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
        }
        running = running.Where(w => !w.HasExited).ToList();
        running.ForEach(w => w.ForceKill());
        foreach (var w in running)
        {
            if (!w.WaitForExit(WorkerProcess.KillBound))
            {
                // SIGKILL only fails to end a process stuck in the kernel (a hung device, a dead NFS mount): say so
                // rather than return as though every worker were gone.
                error.WriteLine($"launcher: rank {w.Rank} (pid {w.Id}) has not exited {WorkerProcess.KillBound.TotalSeconds:0} s " +
                    "after SIGKILL; it may be stuck in the kernel and is left behind.");
            }
        }
    }
}
