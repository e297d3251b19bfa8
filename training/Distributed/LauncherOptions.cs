namespace QirenGan.Training.Distributed;

/// <summary>How <see cref="WorkerLauncher"/> runs and watches the workers of a single-machine job.</summary>
/// <param name="Processes">Number of workers (ranks 0 … Processes − 1), at least 1.</param>
/// <param name="Output">Where rank 0's standard output goes verbatim and other ranks' folded lines go; null = Console.Out.</param>
/// <param name="Error">Where every rank's standard error goes (prefixed for ranks ≥ 1); null = Console.Error.</param>
/// <param name="StallTimeout">A worker silent (no output line) for this long after its first line counts as hung;
/// null = never. Start-up (before the first line) is bounded by the workers' own rendezvous timeout.</param>
/// <param name="FoldInterval">Ranks ≥ 1 print their latest output line at most this often; zero = every line.</param>
/// <param name="ThreadsPerWorker">OMP_NUM_THREADS for each worker; null = processor count ÷ Processes (at least 1).</param>
/// <param name="MasterHost">Address rank 0 listens on; a single-machine job uses loopback.</param>
/// <param name="MasterPort">Rendezvous port; 0 = pick a free one.</param>
/// <param name="ShutdownGrace">When the job stops early, how long the workers get to exit after SIGTERM before they
/// and their child processes are sent SIGKILL; null = <see cref="DefaultShutdownGrace"/>.</param>
/// <param name="WorkerStarted">Called with (rank, process id) on the launching thread as soon as each worker has
/// started; null = nobody is told. For a supervisor that tracks processes, and for tests that check every worker is
/// gone when <see cref="WorkerLauncher.Run"/> returns.</param>
public sealed record LauncherOptions(
    int Processes,
    TextWriter? Output = null,
    TextWriter? Error = null,
    TimeSpan? StallTimeout = null,
    TimeSpan? FoldInterval = null,
    int? ThreadsPerWorker = null,
    string MasterHost = "127.0.0.1",
    int MasterPort = 0,
    TimeSpan? ShutdownGrace = null,
    Action<int, int>? WorkerStarted = null)
{
    /// <summary>Default for <see cref="FoldInterval"/>.</summary>
    public static readonly TimeSpan DefaultFoldInterval = TimeSpan.FromSeconds(30);

    /// <summary>Default for <see cref="ShutdownGrace"/>.</summary>
    public static readonly TimeSpan DefaultShutdownGrace = TimeSpan.FromSeconds(10);
}
