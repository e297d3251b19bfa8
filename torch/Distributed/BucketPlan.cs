namespace QirenGan.Torch.Distributed;

/// <summary>
/// Groups tensors (in their given order) into flat buckets of one dtype and device, each at most
/// <c>capacityBytes</c> unless a single tensor is larger, so a collective runs once per bucket, not per tensor.
/// Like DDP's bucketing (torch/csrc/distributed/c10d/reducer.cpp, bucket_cap_mb), without overlap with backward.
/// </summary>
internal sealed class BucketPlan
{
    internal sealed record Slot(int Index, long Offset, long Numel, long[] Shape);

    internal sealed record Bucket(ScalarType DType, Device Device, IReadOnlyList<Slot> Slots, long Numel);

    private BucketPlan(IReadOnlyList<Bucket> buckets, int tensorCount)
    {
        Buckets = buckets;
        TensorCount = tensorCount;
    }

    public IReadOnlyList<Bucket> Buckets { get; }

    public int TensorCount { get; }

    public static BucketPlan Create(IReadOnlyList<Tensor> tensors, long capacityBytes)
    {
        if (capacityBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityBytes), "bucket capacity must be positive");
        }
        var done = new List<Bucket>();
        // One open bucket per (dtype, device): tensors of another kind do not close it.
        var open = new Dictionary<(ScalarType, Device), List<Slot>>();
        var openNumel = new Dictionary<(ScalarType, Device), long>();
        for (var k = 0; k < tensors.Count; ++k)
        {
            var t = tensors[k];
            var key = (t.DType, t.Device);
            var numel = t.Numel;
            var size = key.DType.ElementSize();
            if (open.TryGetValue(key, out var slots) && (openNumel[key] + numel) * size > capacityBytes)
            {
                done.Add(new Bucket(key.DType, key.Device, slots, openNumel[key]));
                open.Remove(key);
            }
            if (!open.TryGetValue(key, out slots))
            {
                slots = [];
                open[key] = slots;
                openNumel[key] = 0;
            }
            slots.Add(new Slot(k, openNumel[key], numel, t.Shape));
            openNumel[key] += numel;
        }
        done.AddRange(open.Select(kv => new Bucket(kv.Key.Item1, kv.Key.Item2, kv.Value, openNumel[kv.Key])));
        return new BucketPlan(done, tensors.Count);
    }

    /// <summary>Fails when the tensors no longer match the plan (a shape, dtype or device changed).</summary>
    public void Check(IReadOnlyList<Tensor> tensors, string owner)
    {
        if (tensors.Count != TensorCount)
        {
            throw new InvalidOperationException($"{owner}: planned for {TensorCount} tensors, given {tensors.Count}");
        }
        foreach (var bucket in Buckets)
        {
            foreach (var slot in bucket.Slots)
            {
                var t = tensors[slot.Index];
                if (t.Numel != slot.Numel || t.DType != bucket.DType || t.Device != bucket.Device)
                {
                    throw new InvalidOperationException(
                        $"{owner}: tensor {slot.Index} is now [{string.Join(", ", t.Shape)}] {t.DType} on {t.Device}, " +
                        $"planned as [{string.Join(", ", slot.Shape)}] {bucket.DType} on {bucket.Device}; rebuild it");
                }
            }
        }
    }
}
