using System.Diagnostics;
using System.Text;

namespace QirenGan.Training.Distributed;

/// <summary>One launched worker: its process, the routing of its output, and what a failure report needs.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int RememberedLines = 12;

    /// <summary>How long a SIGKILLed worker may take to be reaped (the kernel frees its memory first).</summary>
    public static readonly TimeSpan KillBound = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly bool _foldOutput;
    private readonly Queue<string> _recent = new();
    private readonly object _lock = new();
    private long _lastActivity; // 0 until the first line: start-up is bounded by the rendezvous timeout instead
    private long _lastFold = Stopwatch.GetTimestamp();
    private string? _pendingFold;

    private WorkerProcess(int rank, Process process, TextWriter output, TextWriter error, bool foldOutput)
    {
        Rank = rank;
        _process = process;
        _output = output;
        _error = error;
        _foldOutput = foldOutput;
    }

    public int Rank { get; }

    /// <summary>The operating system's process id, kept so that it can be named after the process is gone.</summary>
    public int Id { get; private set; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public DateTime ExitTime => _process.ExitTime;

    /// <summary>Time since the worker last wrote a line to either stream; zero before its first line.</summary>
    public TimeSpan Silence
    {
        get
        {
            var last = Interlocked.Read(ref _lastActivity);
            return last == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(last);
        }
    }

    public static WorkerProcess Start(int rank, WorkerCommand command, IEnumerable<string> rankArguments,
        int threads, TextWriter output, TextWriter error, bool foldOutput)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in command.Arguments.Concat(rankArguments))
        {
            info.ArgumentList.Add(a);
        }
        // Workers share the machine's cores: each one's libtorch pool gets its share instead of all of them.
        info.Environment["OMP_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = new Process { StartInfo = info };
        var worker = new WorkerProcess(rank, process, output, error, foldOutput);
        process.OutputDataReceived += (_, e) => worker.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => worker.OnError(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            process.Dispose();
            throw new WorkerFailedException(rank, null, $"cannot start rank {rank} ({command.FileName}): {e.Message}");
        }
        try
        {
            worker.Id = process.Id;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        catch
        {
            // Started but not handed to the caller, so nobody else would ever stop it.
            worker.ForceKill();
            worker.WaitForExit(KillBound);
            process.Dispose();
            throw;
        }
        return worker;
    }

    /// <summary>Writes the latest output line of a folded rank when <paramref name="interval"/> has passed.</summary>
    public void FoldIfDue(TimeSpan interval, bool force = false)
    {
        string? line;
        lock (_lock)
        {
            if (_pendingFold is null || (!force && Stopwatch.GetElapsedTime(_lastFold) < interval))
            {
                return;
            }
            line = _pendingFold;
            _pendingFold = null;
            _lastFold = Stopwatch.GetTimestamp();
        }
        _output.WriteLine($"[rank {Rank}] {line}");
    }

    /// <summary>Waits (bounded) until the output of an exited worker has been read to its end.</summary>
    public void DrainOutput(TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        try
        {
            _process.WaitForExitAsync(cts.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // A grandchild may hold the pipe open; the report then lacks the last lines, nothing worse.
        }
    }

    /// <summary>The last lines the worker wrote (standard error preferred), for a failure report.</summary>
    public IReadOnlyList<string> RecentLines()
    {
        lock (_lock)
        {
            return _recent.ToArray();
        }
    }

    /// <summary>Asks the worker to stop (SIGTERM), so that it can flush its output; it may ignore the request.</summary>
    public void Terminate()
    {
        if (_process.HasExited)
        {
            return;
        }
        try
        {
            Signals.Terminate(Id);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not ours to signal any more (or never was); ForceKill follows and reports what is left.
        }
    }

    /// <summary>
    /// SIGKILLs the worker and its child processes. The tree walk is best effort, the worker itself is not: SIGKILL
    /// can be neither caught nor ignored, so a rank spinning inside a collective dies too.
    /// </summary>
    public void ForceKill()
    {
        if (_process.HasExited)
        {
            return;
        }
        try
        {
            // Kill(entireProcessTree) SIGSTOPs the worker, then reads every process's parent from /proc, then
            // SIGKILLs. Whatever that walk throws (the old code took any InvalidOperationException or Win32Exception
            // for "already exited" and went on) must not leave the worker stopped but alive, so the direct kill below
            // always follows.
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception
                                      or AggregateException or IOException or UnauthorizedAccessException)
        {
            // Children the walk missed are not ours to find any more; the worker itself is still killed below.
        }
        try
        {
            _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Exited (and reaped) since the check, or cannot be signalled: the caller's wait tells which.
        }
    }

    public bool WaitForExit(TimeSpan bound) => _process.WaitForExit(bound);

    public void Dispose() => _process.Dispose();

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }
        Touch(line);
        if (Rank == 0)
        {
            _output.WriteLine(line);
        }
        else if (!_foldOutput)
        {
            _output.WriteLine($"[rank {Rank}] {line}");
        }
        else
        {
            lock (_lock)
            {
                _pendingFold = line;
            }
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }
        Touch(line);
        _error.WriteLine(Rank == 0 ? line : $"[rank {Rank}] {line}");
    }

    private void Touch(string line)
    {
        Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());
        lock (_lock)
        {
            _recent.Enqueue(line);
            while (_recent.Count > RememberedLines)
            {
                _recent.Dequeue();
            }
        }
    }
}
