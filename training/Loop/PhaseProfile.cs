using System.Diagnostics;

namespace QirenGan.Training.Loop;

/// <summary>
/// Wall time per phase of the training iteration (data, G forward, D forward, backward, optimizer, EMA, …),
/// summed over the iterations it watched. CPU work is synchronous, so a stopwatch between phases is exact there;
/// on CUDA the phases only say when work was queued.
/// </summary>
public sealed class PhaseProfile
{
    private readonly Dictionary<string, double> _seconds = [];
    private readonly List<string> _order = [];
    private readonly Stopwatch _watch = new();
    private string? _current;

    /// <summary>Iterations watched.</summary>
    public int Iterations { get; private set; }

    /// <summary>Ends the running phase (if any) and starts <paramref name="phase"/>.</summary>
    public void Begin(string phase)
    {
        End();
        _current = phase;
        _watch.Restart();
    }

    /// <summary>Ends the running phase.</summary>
    public void End()
    {
        if (_current is null)
        {
            return;
        }
        if (!_seconds.ContainsKey(_current))
        {
            _order.Add(_current);
            _seconds[_current] = 0;
        }
        _seconds[_current] += _watch.Elapsed.TotalSeconds;
        _current = null;
    }

    internal void IterationDone()
    {
        End();
        Iterations++;
    }

    /// <summary>(phase, mean seconds per iteration) in first-seen order.</summary>
    public IReadOnlyList<(string Phase, double Seconds)> PerIteration() =>
        _order.Select(p => (p, _seconds[p] / Math.Max(1, Iterations))).ToList();

    public void Reset()
    {
        _seconds.Clear();
        _order.Clear();
        _current = null;
        Iterations = 0;
    }
}
