namespace QirenGan.Training.Distributed;

/// <summary>A worker of a multi-process job exited with an error, was killed, or stopped making progress.</summary>
public sealed class WorkerFailedException(int rank, int? exitCode, string message) : Exception(message)
{
    /// <summary>The rank that failed first.</summary>
    public int Rank { get; } = rank;

    /// <summary>Its exit code (128 + N when killed by signal N), or null when it was still running (a stall).</summary>
    public int? ExitCode { get; } = exitCode;
}
