using System.Text.Json;
using QirenGan.Torch.Native;

namespace QirenGan.Torch.Profiling;

/// <summary>One operator's share of a profile: calls, self time (children excluded) and total time, in ms.</summary>
public sealed record OperatorTime(string Name, int Calls, double SelfMs, double TotalMs);

/// <summary>
/// libtorch's operator profiler (the legacy autograd profiler PyTorch's <c>torch.autograd.profiler.profile</c> wraps):
/// every ATen operator called between <see cref="Start"/> and disposal, forward and backward, written as a Chrome
/// trace (open it in chrome://tracing or Perfetto) and summarised per operator by <see cref="Summarise"/>.
/// One profile at a time per process.
/// </summary>
public sealed class OperatorProfiler : IDisposable
{
    private bool _stopped;

    private OperatorProfiler(string tracePath) => TracePath = tracePath;

    /// <summary>Where the trace is written when the profiler stops.</summary>
    public string TracePath { get; }

    public static OperatorProfiler Start(string tracePath)
    {
        var full = Path.GetFullPath(tracePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        NativeMethods.Check(NativeMethods.qg_profile_start(full));
        return new OperatorProfiler(full);
    }

    /// <summary>Stops profiling and writes the trace.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        NativeMethods.Check(NativeMethods.qg_profile_stop());
    }

    /// <summary>
    /// Per-operator times of a Chrome trace of complete ("X") events, slowest self time first. Self time is an
    /// event's duration minus that of the events nested directly inside it on the same thread.
    /// </summary>
    public static IReadOnlyList<OperatorTime> Summarise(string tracePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(tracePath));
        var root = doc.RootElement;
        var events = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("traceEvents");
        var spans = new List<(string Name, string Thread, double Start, double Duration)>();
        foreach (var e in events.EnumerateArray())
        {
            if (e.TryGetProperty("ph", out var ph) && ph.GetString() == "X" && e.TryGetProperty("dur", out var dur))
            {
                var thread = e.TryGetProperty("tid", out var tid) ? tid.ToString() : "";
                spans.Add((e.GetProperty("name").GetString() ?? "?", thread, e.GetProperty("ts").GetDouble(), dur.GetDouble()));
            }
        }
        var self = new Dictionary<string, (int Calls, double Self, double Total)>();
        foreach (var thread in spans.GroupBy(s => s.Thread))
        {
            // Parents start first, and at equal starts the longer one encloses the other.
            var ordered = thread.OrderBy(s => s.Start).ThenByDescending(s => s.Duration).ToList();
            var childTime = new double[ordered.Count];
            var stack = new Stack<int>();
            for (var i = 0; i < ordered.Count; ++i)
            {
                while (stack.Count > 0 && ordered[stack.Peek()].Start + ordered[stack.Peek()].Duration <= ordered[i].Start)
                {
                    stack.Pop();
                }
                if (stack.Count > 0)
                {
                    childTime[stack.Peek()] += ordered[i].Duration;
                }
                stack.Push(i);
            }
            for (var i = 0; i < ordered.Count; ++i)
            {
                var s = ordered[i];
                self.TryGetValue(s.Name, out var acc);
                self[s.Name] = (acc.Calls + 1, acc.Self + Math.Max(0, s.Duration - childTime[i]), acc.Total + s.Duration);
            }
        }
        return self.Select(kv => new OperatorTime(kv.Key, kv.Value.Calls, kv.Value.Self / 1000, kv.Value.Total / 1000))
            .OrderByDescending(o => o.SelfMs).ToList();
    }
}
