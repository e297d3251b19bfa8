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

        // When
        WorkerLauncher.Run(Worker(), new LauncherOptions(2, output, error));

        // Then: the sum is 3 · (1 + 2) = 9 on both; rank 0's lines verbatim, rank 1 reduced to its last line
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("rank 0 joined", lines);
        Assert.Contains("rank 0 sum 9", lines);
        Assert.Contains("[rank 1] rank 1 sum 9", lines);
        Assert.DoesNotContain(lines, l => l.Contains("rank 1 joined"));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void A_worker_killed_with_code_137_ends_the_job_with_an_error_naming_it()
    {
        // Given: rank 1 exits with 137 (what a SIGKILL looks like) right after joining
        var clock = Stopwatch.StartNew();

        // When
        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(
            Worker("--fail-rank", "1", "--timeout", "20"), Quiet(2)));

        // Then: rank 1 is named, not rank 0 whose all-reduce failed because of it; well before rank 0's timeout
        Assert.Equal(1, e.Rank);
        Assert.Equal(137, e.ExitCode);
        Assert.Contains("rank 1 of 2 failed with exit code 137", e.Message);
        Assert.Contains("SIGKILL", e.Message);
        Assert.Contains("rank 1 failing on purpose", e.Message);
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void A_worker_that_fails_fast_ends_the_job_with_an_error_naming_its_signal()
    {
        // Given: rank 0 (the store's server) aborts through Environment.FailFast
        var clock = Stopwatch.StartNew();

        // When
        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(
            Worker("--fail-rank", "0", "--fail-how", "failfast", "--timeout", "20"), Quiet(2)));

        // Then
        Assert.Equal(0, e.Rank);
        Assert.Equal(128 + 6, e.ExitCode);
        Assert.Contains("SIGABRT", e.Message);
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void A_worker_hung_inside_a_collective_ends_the_job_at_the_collective_timeout()
    {
        // Given: rank 1 goes silent after joining; rank 0 waits in its all-reduce with a 3 s timeout
        var clock = Stopwatch.StartNew();

        // When
        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(
            Worker("--hang-rank", "1", "--timeout", "3"), Quiet(2)));

        // Then: rank 0 gives up with c10d's timeout and the job stops (rank 1 is killed)
        Assert.Equal(0, e.Rank);
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("all-reduce failed on rank 0 of 2", e.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), Bound);
    }

    [Fact]
    public void A_silent_worker_is_reported_as_stalled_and_every_worker_is_stopped()
    {
        // Given: rank 1 goes silent while rank 0 keeps printing; stall timeout 8 s (generous: rank 0 must not look silent on a loaded machine)
        var clock = Stopwatch.StartNew();
        var options = Quiet(2) with { StallTimeout = TimeSpan.FromSeconds(8) };

        // When
        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(
            Worker("--hang-rank", "1", "--heartbeat", "1", "--timeout", "20"), options));

        // Then: named, and the launcher returned long before rank 0's one-minute heartbeat would have ended
        Assert.Equal(1, e.Rank);
        Assert.Null(e.ExitCode);
        Assert.Contains("rank 1 of 2 made no progress (no output) for 8 s", e.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(8), Bound);
    }

    [Fact]
    public void A_program_that_cannot_start_is_reported_with_its_rank()
    {
        var command = new WorkerCommand(Path.Combine(Repo.Root, "no-such-program"), []);

        var e = Assert.Throws<WorkerFailedException>(() => WorkerLauncher.Run(command, Quiet(2)));

        Assert.Equal(0, e.Rank);
        Assert.Contains("cannot start rank 0", e.Message);
    }

    private static LauncherOptions Quiet(int processes) =>
        new(processes, TextWriter.Null, TextWriter.Null, ShutdownGrace: TimeSpan.FromSeconds(5));

    /// <summary>The test worker, run through the same dotnet host as this test.</summary>
    private static WorkerCommand Worker(params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var dll = Path.Combine(AppContext.BaseDirectory, "QirenGan.DistributedWorker.dll");
        return new WorkerCommand(dotnet, [dll, .. arguments]);
    }
}
