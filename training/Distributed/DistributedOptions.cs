using System.Globalization;
using QirenGan.Torch;
using QirenGan.Torch.Distributed;

namespace QirenGan.Training.Distributed;

/// <summary>
/// This process's place in a data-parallel job: what <c>--rank R --world-size W --master HOST:PORT</c> say.
/// A single-process run is rank 0 of 1 (<see cref="Single"/>).
/// </summary>
/// <param name="Rank">This process's rank, 0 ≤ Rank &lt; WorldSize; rank 0 serves the rendezvous and alone writes.</param>
/// <param name="WorldSize">Number of processes in the job (all machines together).</param>
/// <param name="Master">Rank 0's rendezvous address; unused when WorldSize = 1.</param>
/// <param name="Timeout">Bound on joining and on each collective: a rank dead or hung for longer fails the job.</param>
public sealed record DistributedOptions(int Rank, int WorldSize, MasterAddress Master, TimeSpan Timeout)
{
    public const string RankOption = "--rank";
    public const string WorldSizeOption = "--world-size";
    public const string MasterOption = "--master";

    /// <summary>Default collective timeout; long enough for a slow step, short enough that a dead job ends.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static DistributedOptions Single { get; } = new(0, 1, new MasterAddress("127.0.0.1", 29500), DefaultTimeout);

    public bool IsDistributed => WorldSize > 1;

    /// <summary>Rank 0: the one process that writes snapshots, statistics, images and reports.</summary>
    public bool IsMain => Rank == 0;

    /// <summary>
    /// Builds and checks the options from the three command-line values.
    /// </summary>
    /// <exception cref="FormatException">A value is out of range or the master address is malformed.</exception>
    public static DistributedOptions Parse(int rank, int worldSize, string master, TimeSpan? timeout = null)
    {
        if (worldSize < 1)
        {
            throw new FormatException($"{WorldSizeOption} {worldSize}: must be at least 1");
        }
        if (rank < 0 || rank >= worldSize)
        {
            throw new FormatException($"{RankOption} {rank}: must be from 0 to {worldSize - 1} ({WorldSizeOption} {worldSize})");
        }
        var t = timeout ?? DefaultTimeout;
        if (t <= TimeSpan.Zero)
        {
            throw new FormatException($"distributed timeout {t}: must be positive");
        }
        return new DistributedOptions(rank, worldSize, MasterAddress.Parse(master), t);
    }

    /// <summary>The arguments a launcher appends to a worker's command line.</summary>
    public IReadOnlyList<string> WorkerArguments() =>
    [
        RankOption, Rank.ToString(CultureInfo.InvariantCulture),
        WorldSizeOption, WorldSize.ToString(CultureInfo.InvariantCulture),
        MasterOption, Master.ToString(),
    ];

    /// <summary>
    /// This rank's contiguous share of a global batch: rows [Offset, Offset + Count). StyleGAN2-ADA's rule: the
    /// global batch must split evenly, so every rank runs the same shapes and the average over ranks equals the
    /// average over the global batch.
    /// </summary>
    public (int Offset, int Count) Shard(int globalBatch)
    {
        if (globalBatch < WorldSize || globalBatch % WorldSize != 0)
        {
            throw new ArgumentException(
                $"batch {globalBatch} does not split evenly over {WorldSize} processes: use a multiple of {WorldSize}");
        }
        var count = globalBatch / WorldSize;
        return (Rank * count, count);
    }

    /// <summary>Joins the job's process group (blocks until every rank has joined, or the timeout).</summary>
    public ProcessGroup Join(Device device) =>
        ProcessGroup.Create(Rank, WorldSize, Master.Host, Master.Port, Timeout, device);
}
