using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// How the batch dimensions of θ [*batchA, S+1, A, n, 3] and x [*batchB, P, n] broadcast, and the canonical
/// layout the simulators work in: θ as [Ns, Na, …], x as [Ns, Nb, P, n], outputs as [Ns, Na, Nb, P, O], where
/// Ns counts the batch entries both have (e.g. circuits), Na those only θ has (e.g. images with per-image
/// circuits) and Nb those only x has. Nothing per-image is ever repeated over pixels or vice versa: the broadcast
/// happens inside matrix products and elementwise ops.
/// </summary>
internal sealed class BatchLayout
{
    private readonly int[] _order; // original batch dims in canonical order: shared, θ-only, x-only, size-1
    private readonly long[] _orderedSizes;

    public BatchLayout(long[] thetaBatch, long[] xBatch)
    {
        var rank = thetaBatch.Length;
        var shared = new List<int>();
        var thetaOnly = new List<int>();
        var xOnly = new List<int>();
        var ones = new List<int>();
        OutputBatch = new long[rank];
        for (var d = 0; d < rank; ++d)
        {
            long a = thetaBatch[d], b = xBatch[d];
            if (a == b)
            {
                (a == 1 ? ones : shared).Add(d);
            }
            else if (b == 1)
            {
                thetaOnly.Add(d);
            }
            else if (a == 1)
            {
                xOnly.Add(d);
            }
            else
            {
                throw new ArgumentException(
                    $"QuantumCircuit: batch dimension {d} of θ ({a}) and x ({b}) do not broadcast (they must be equal or 1)");
            }
            OutputBatch[d] = Math.Max(a, b);
        }
        Shared = shared.Aggregate(1L, (p, d) => p * OutputBatch[d]);
        ThetaOnly = thetaOnly.Aggregate(1L, (p, d) => p * OutputBatch[d]);
        XOnly = xOnly.Aggregate(1L, (p, d) => p * OutputBatch[d]);
        _order = [.. shared, .. thetaOnly, .. xOnly, .. ones];
        _orderedSizes = _order.Select(d => OutputBatch[d]).ToArray();
        ThetaOrder = [.. shared, .. thetaOnly, .. xOnly, .. ones];
        XOrder = [.. shared, .. xOnly, .. thetaOnly, .. ones];
    }

    /// <summary>The broadcast batch shape of the result.</summary>
    public long[] OutputBatch { get; }

    /// <summary>Ns: batch entries present in both θ and x.</summary>
    public long Shared { get; }

    /// <summary>Na: batch entries only θ has (x broadcast over them).</summary>
    public long ThetaOnly { get; }

    /// <summary>Nb: batch entries only x has (θ broadcast over them).</summary>
    public long XOnly { get; }

    private int[] ThetaOrder { get; }

    private int[] XOrder { get; }

    /// <summary>θ [*batchA, S+1, A, n, 3] → [Ns, Na, S+1, A, n, 3].</summary>
    public Tensor CanonicalTheta(Tensor theta)
    {
        var rank = OutputBatch.Length;
        var perm = ThetaOrder.Select(d => (long)d).Concat(Enumerable.Range(rank, 4).Select(d => (long)d)).ToArray();
        var tail = theta.Shape[rank..];
        return theta.Permute(perm).Reshape([Shared, ThetaOnly, .. tail]); // [Ns, Na, S+1, A, n, 3]
    }

    /// <summary>x [*batchB, P, n] → [Ns, Nb, P, n].</summary>
    public Tensor CanonicalX(Tensor x)
    {
        var rank = OutputBatch.Length;
        var perm = XOrder.Select(d => (long)d).Concat(new long[] { rank, rank + 1 }).ToArray();
        return x.Permute(perm).Reshape(Shared, XOnly, x.Size(-2), x.Size(-1)); // [Ns, Nb, P, n]
    }

    /// <summary>Canonical outputs [Ns, Na, Nb, P, O] → [*broadcast batch, P, O] (a view, whatever the strides).</summary>
    public Tensor Restore(Tensor canonical)
    {
        var rank = OutputBatch.Length;
        var pixels = canonical.Size(-2);
        var outputs = canonical.Size(-1);
        // Only splits dims and inserts size-1 ones, so reshape returns a view even of a permuted tensor.
        var expanded = canonical.Reshape([.. _orderedSizes, pixels, outputs]); // [shared…, θ-only…, x-only…, 1…, P, O]
        var perm = new long[rank + 2];
        for (var d = 0; d < rank; ++d)
        {
            perm[d] = Array.IndexOf(_order, d);
        }
        perm[rank] = rank;
        perm[rank + 1] = rank + 1;
        return expanded.Permute(perm);
    }
}
