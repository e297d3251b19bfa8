using System.Collections.Concurrent;
using System.Diagnostics;
using QirenGan.Training.Distributed;

namespace QirenGan.Training.Tests.Distributed;

/// <summary>
/// The launcher over real processes: tests/QirenGan.DistributedWorker joins a loopback c10d group as each rank.
/// In the libtorch collection so that no other libtorch test competes with the workers for the cores.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class WorkerLauncherTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(25);

    [Fact]
    public void Two_workers_all_reduce_and_rank_0_output_passes_through_while_rank_1_is_folded()
    {
        // Given: two ranks, rank r contributing [r + 1, r + 1, r + 1]
        var output = new StringWriter();
        var error = new StringWriter();
        var started = new StartedWorkers();

        // When
        WorkerLauncher.Run(Worker(), new LauncherOptions(2, output, error, WorkerStarted: started.Add));

        // Then: the sum is 3 · (1 + 2) = 9 on both; rank 0's lines verbatim, rank 1 reduced to its last line
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("rank 0 joined", lines);
        Assert.Contains("rank 0 sum 9", lines);
        Assert.Contains("[rank 1] rank 1 sum 9", lines);
        Assert.DoesNotContain(lines, l => l.Contains("rank 1 joined"));
        Assert.Equal("", error.ToString());
        started.AssertAllGone(2);
    }

    [Fact]
    public void A_worker_killed_with_code_137_ends_the_job_with_an_error_naming_it()
    {
        // Given: rank 1 exits with 137 (what a SIGKILL looks like) right after joining
        var clock = Stopwatch.StartNew();
        var started = new StartedWorkers();

        // When
        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(
            Worker("--fail-rank", "1", "--timeout", "20"), Quiet(2, started)));

        // Then: rank 1 is named, not rank 0 whose all-reduce failed because of it; well before rank 0's timeout
        Assert.Equal(1, e.Rank);
        Assert.Equal(137, e.ExitCode);
        Assert.Contains("rank 1 of 2 failed with exit code 137", e.Message);
        Assert.Contains("SIGKILL", e.Message);
        Assert.Contains("rank 1 failing on purpose", e.Message);
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed.TotalSeconds:0.0} s");
        started.AssertAllGone(2);
    }

    [Fact]
    public void A_worker_that_fails_fast_ends_the_job_with_an_error_naming_its_signal()
    {
        // Given: rank 0 (the store's server) aborts through Environment.FailFast
        var clock = Stopwatch.StartNew();
        var started = new StartedWorkers();

        // When
        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(
            Worker("--fail-rank", "0", "--fail-how", "failfast", "--timeout", "20"), Quiet(2, started)));

        // Then
        Assert.Equal(0, e.Rank);
        Assert.Equal(128 + 6, e.ExitCode);
        Assert.Contains("SIGABRT", e.Message);
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed.TotalSeconds:0.0} s");
        started.AssertAllGone(2);
    }

    [Fact]
    public void A_worker_hung_inside_a_collective_ends_the_job_at_the_collective_timeout()
    {
        // Given: rank 1 goes silent after joining; rank 0 waits in its all-reduce with a 3 s timeout
        var clock = Stopwatch.StartNew();
        var started = new StartedWorkers();

        // When
        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(
            Worker("--hang-rank", "1", "--timeout", "3"), Quiet(2, started)));

        // Then: rank 0 gives up with c10d's timeout and the job stops, the hung rank 1 with it
        Assert.Equal(0, e.Rank);
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("all-reduce failed on rank 0 of 2", e.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), Bound);
        started.AssertAllGone(2);
    }

    [Fact]
    public void A_silent_worker_is_reported_as_stalled_and_every_worker_is_stopped()
    {
        // Given: rank 1 goes silent while rank 0 keeps printing; stall timeout 8 s (generous: rank 0 must not look silent on a loaded machine)
        var clock = Stopwatch.StartNew();
        var started = new StartedWorkers();
        var options = Quiet(2, started) with { StallTimeout = TimeSpan.FromSeconds(8) };

        // When
        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(
            Worker("--hang-rank", "1", "--heartbeat", "1", "--timeout", "20"), options));

        // Then: named, and the launcher returned long before rank 0's one-minute heartbeat would have ended
        Assert.Equal(1, e.Rank);
        Assert.Null(e.ExitCode);
        Assert.Contains("rank 1 of 2 made no progress (no output) for 8 s", e.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(8), Bound);
        started.AssertAllGone(2);
    }

    [Fact]
    public void A_worker_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        // Given: rank 0 fails after joining; rank 1 hangs and ignores SIGTERM, as a rank stuck in native code does
        var error = new StringWriter();
        var started = new StartedWorkers();
        // (Quiet's grace of 5 s: rank 1's handler must get to write its line before the SIGKILL, even on a loaded machine)
        var options = Quiet(2, started) with { Error = error };

        // When
        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(
            Worker("--fail-rank", "0", "--hang-rank", "1", "--ignore-sigterm", "1", "--timeout", "20"), options));

        // Then: rank 0 is named; rank 1 was asked first (and refused), then SIGKILLed and waited for
        Assert.Equal(0, e.Rank);
        Assert.Contains("[rank 1] ignoring SIGTERM", error.ToString());
        started.AssertAllGone(2);
    }

    [Fact]
    public void Workers_still_starting_when_the_job_is_cancelled_are_killed_and_waited_for()
    {
        // Given: the job is cancelled the moment its last worker has started, while the workers are still loading
        using var cancel = new CancellationTokenSource();
        var started = new StartedWorkers();
        var options = Quiet(2) with
        {
            WorkerStarted = (rank, pid) =>
            {
                started.Add(rank, pid);
                if (rank == 1)
                {
                    cancel.Cancel();
                }
            },
        };

        // When
        Assert.Throws<OperationCanceledException>(() => WorkerLauncher.Run(
            Worker("--heartbeat", "1", "--timeout", "20"), options, cancel.Token));

        // Then: neither got to run its minute of heartbeats
        started.AssertAllGone(2);
    }

    [Fact]
    public void A_program_that_cannot_start_is_reported_with_its_rank()
    {
        var command = new WorkerCommand(Path.Combine(Repo.Root, "no-such-program"), []);

        var started = new StartedWorkers();

        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(command, Quiet(2, started)));

        Assert.Equal(0, e.Rank);
        Assert.Contains("cannot start rank 0", e.Message);
        started.AssertAllGone(0);
    }

    private static LauncherOptions Quiet(int processes, StartedWorkers? started = null) =>
        new(processes, TextWriter.Null, TextWriter.Null, ShutdownGrace: TimeSpan.FromSeconds(5),
            WorkerStarted: started is null ? null : started.Add);

    /// <summary>The test worker, run through the same dotnet host as this test.</summary>
    private static WorkerCommand Worker(params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var dll = Path.Combine(AppContext.BaseDirectory, "QirenGan.DistributedWorker.dll");
        return new WorkerCommand(dotnet, [dll, .. arguments]);
    }

    /// <summary>The process ids <see cref="LauncherOptions.WorkerStarted"/> reported, and the check that they are gone.</summary>
    private sealed class StartedWorkers
    {
        private readonly ConcurrentDictionary<int, int> _pids = new(); // rank → process id

        public void Add(int rank, int pid) => _pids[rank] = pid;

        /// <summary>
        /// Every started worker has exited and been reaped. /proc, not Process.GetProcessById: a pid the kernel has
        /// already handed to another program must not count, and the command line tells the two apart.
        /// </summary>
        public void AssertAllGone(int expected)
        {
            Assert.Equal(expected, _pids.Count);
            foreach (var (rank, pid) in _pids)
            {
                Assert.False(IsWorker(pid), $"rank {rank} (pid {pid}) is still alive after Run");
            }
        }

        private static bool IsWorker(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Contains("QirenGan.DistributedWorker.dll", StringComparison.Ordinal);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
            {
                return false;
            }
        }
    }
}
