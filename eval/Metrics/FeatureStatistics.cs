using System.Globalization;
using QirenGan.Torch;
using QirenGan.Torch.Checkpoints;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// Streaming mean and covariance of feature vectors, accumulated in float64 as StyleGAN2-ADA's
/// <c>metrics/metric_utils.py FeatureStats</c> does: Σx and Σxxᵀ over every appended row, then
/// μ = Σx / N and Σ = Σxxᵀ / N − μμᵀ (the biased covariance, ÷N — what the published FIDs use). Optionally keeps
/// every row (float32) for KID and precision/recall. Tensors live on the CPU, outside any dispose scope; dispose
/// the object to free them.
/// </summary>
public sealed class FeatureStatistics : IDisposable
{
    /// <summary>The format tag written into saved files.</summary>
    public const string Format = "qirengan-feature-statistics-v1";

    private readonly Tensor _sum;       // [D] float64
    private readonly Tensor _sumOuter;  // [D, D] float64
    private readonly List<Tensor> _rows = [];
    private Tensor? _all;

    /// <param name="dims">Feature length D.</param>
    /// <param name="captureAll">Also keep every row (float32), for KID and precision/recall.</param>
    /// <param name="maxItems">Rows beyond this count are ignored (null = no limit), as StyleGAN2-ADA's max_items.</param>
    public FeatureStatistics(int dims, bool captureAll = false, long? maxItems = null)
    {
        if (dims <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dims), $"FeatureStatistics: feature length must be positive, got {dims}");
        }
        Dims = dims;
        CaptureAll = captureAll;
        MaxItems = maxItems;
        _sum = Tensors.Zeros([dims], ScalarType.Float64).DetachFromDisposeScope();
        _sumOuter = Tensors.Zeros([dims, dims], ScalarType.Float64).DetachFromDisposeScope();
    }

    public int Dims { get; }

    public bool CaptureAll { get; }

    public long? MaxItems { get; }

    /// <summary>Rows accumulated so far.</summary>
    public long Count { get; private set; }

    /// <summary>Whether <see cref="MaxItems"/> rows have been seen (further rows are ignored).</summary>
    public bool IsFull => MaxItems is { } max && Count >= max;

    /// <summary>How many more rows are wanted (long.MaxValue without a limit).</summary>
    public long Remaining => MaxItems is { } max ? Math.Max(0, max - Count) : long.MaxValue;

    /// <summary>Adds rows of a [B, D] feature tensor (any float dtype, any device); rows past MaxItems are dropped.</summary>
    public void Append(Tensor features)
    {
        if (features.Dim != 2 || features.Size(1) != Dims)
        {
            throw new ArgumentException($"FeatureStatistics.Append: expected features [B, {Dims}], got [{string.Join(", ", features.Shape)}]");
        }
        var take = Math.Min(features.Size(0), Remaining);
        if (take <= 0)
        {
            return;
        }
        using var scope = DisposeScope.Enter();
        using var _ = Autograd.NoGrad();
        var x = features.Detach().Narrow(0, 0, take).To(Device.Cpu, ScalarType.Float64);  // [B, D]
        _sum.Add_(x.Sum(0));
        _sumOuter.Add_(x.T().Mm(x));
        if (CaptureAll)
        {
            _rows.Add(x.To(ScalarType.Float32).DetachFromDisposeScope());
            _all?.Dispose();
            _all = null;
        }
        Count += take;
    }

    /// <summary>μ as a float64 [D] tensor (caller's scope).</summary>
    public Tensor Mean()
    {
        RequireItems();
        return _sum.Div((double)Count);
    }

    /// <summary>Σ = Σxxᵀ/N − μμᵀ as a float64 [D, D] tensor (caller's scope).</summary>
    public Tensor Covariance()
    {
        RequireItems();
        using var scope = DisposeScope.Enter();
        var mean = _sum.Div((double)Count);
        return _sumOuter.Div((double)Count).Sub(mean.Outer(mean)).MoveToOuterScope();
    }

    /// <summary>Every row as a float32 [N, D] tensor (needs captureAll). Owned by this object: do not dispose it.</summary>
    public Tensor All()
    {
        if (!CaptureAll)
        {
            throw new InvalidOperationException("FeatureStatistics.All: these statistics were made without captureAll");
        }
        RequireItems();
        if (_all == null)
        {
            using var scope = DisposeScope.Enter();
            _all = (_rows.Count == 1 ? _rows[0].Alias() : Tensors.Cat([.. _rows])).DetachFromDisposeScope();
        }
        return _all;
    }

    /// <summary>
    /// Writes μ and Σ (float64), the rows when captured (float32), the count and <paramref name="metadata"/> to a
    /// safetensors file, atomically.
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        RequireItems();
        using var scope = DisposeScope.Enter();
        var tensors = new Dictionary<string, Tensor> { ["mean"] = Mean(), ["covariance"] = Covariance() };
        if (CaptureAll)
        {
            tensors["features"] = All();
        }
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["format"] = Format,
            ["count"] = Count.ToString(CultureInfo.InvariantCulture),
            ["dims"] = Dims.ToString(CultureInfo.InvariantCulture),
            ["max_items"] = MaxItems?.ToString(CultureInfo.InvariantCulture) ?? "",
        };
        SafeTensors.Write(path, tensors, meta);
    }

    /// <summary>Reads statistics written by <see cref="Save"/>; a file of another kind raises an error naming it.</summary>
    public static (FeatureStatistics Statistics, Dictionary<string, string> Metadata) Load(string path)
    {
        var (tensors, metadata) = SafeTensors.Read(path);
        try
        {
            if (!metadata.TryGetValue("format", out var format) || format != Format
                || !tensors.TryGetValue("mean", out var mean) || !tensors.TryGetValue("covariance", out var cov)
                || !long.TryParse(metadata.GetValueOrDefault("count"), CultureInfo.InvariantCulture, out var count) || count <= 0)
            {
                throw new InvalidDataException($"{path}: not a feature-statistics file (expected format '{Format}' with mean, covariance and count)");
            }
            var dims = (int)mean.Size(0);
            if (cov.Dim != 2 || cov.Size(0) != dims || cov.Size(1) != dims)
            {
                throw new InvalidDataException($"{path}: covariance shape [{string.Join(", ", cov.Shape)}] does not match mean length {dims}");
            }
            long? maxItems = long.TryParse(metadata.GetValueOrDefault("max_items"), CultureInfo.InvariantCulture, out var m) ? m : null;
            var features = tensors.GetValueOrDefault("features");
            var stats = new FeatureStatistics(dims, features != null, maxItems);
            using var scope = DisposeScope.Enter();
            // Back to the running sums, so loaded statistics can keep accumulating.
            stats._sum.Copy_(mean.Mul((double)count));
            stats._sumOuter.Copy_(cov.Add(mean.Outer(mean)).Mul((double)count));
            stats.Count = count;
            if (features != null)
            {
                if (features.Dim != 2 || features.Size(0) != count || features.Size(1) != dims)
                {
                    throw new InvalidDataException($"{path}: features shape [{string.Join(", ", features.Shape)}] is not [{count}, {dims}]");
                }
                stats._rows.Add(features.Alias().DetachFromDisposeScope());
            }
            return (stats, metadata);
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _sum.Dispose();
        _sumOuter.Dispose();
        foreach (var t in _rows)
        {
            t.Dispose();
        }
        _rows.Clear();
        _all?.Dispose();
        _all = null;
    }

    private void RequireItems()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("FeatureStatistics: no features were appended");
        }
    }
}
