using QirenGan.Torch.Nn;

namespace QirenGan.Torch.Distributed;

/// <summary>
/// Data-parallel gradient averaging: after each rank's backward, <see cref="AverageGradients"/> packs the
/// parameters' gradients into flat buckets of about <c>bucketBytes</c>, runs one all-reduce per bucket, divides by
/// the world size and writes the averages back, so every rank steps its optimizer with the same gradients.
/// Like PyTorch DDP's reducer (bucket_cap_mb = 25, unused parameters count as zero), without overlapping the
/// reduction with backward.
/// <para>
/// A gradient missing on some ranks counts as zero there, and the parameter receives the average on every rank;
/// a gradient missing on all ranks stays missing (each bucket carries one presence flag per parameter), so an
/// optimizer that skips parameters without gradients behaves as in a single process.
/// </para>
/// </summary>
public sealed class GradientBucketer : IDisposable
{
    /// <summary>PyTorch DDP's default bucket size (bucket_cap_mb = 25).</summary>
    public const long DefaultBucketBytes = 25L << 20;

    private readonly ProcessGroup _group;
    private readonly Parameter[] _parameters;
    private readonly BucketPlan _plan;
    private readonly Tensor[] _buffers;

    /// <param name="group">The process group to average over.</param>
    /// <param name="parameters">The parameters, in the same order on every rank (module order is).</param>
    /// <param name="bucketBytes">Target bucket size in bytes; a larger single gradient gets a bucket of its own.</param>
    public GradientBucketer(ProcessGroup group, IEnumerable<Parameter> parameters, long bucketBytes = DefaultBucketBytes)
    {
        _group = group;
        _parameters = parameters.ToArray();
        _plan = BucketPlan.Create(Values(), bucketBytes);
        // Persistent flat buffers: [gradients..., one presence flag per parameter] per bucket.
        _buffers = _plan.Buckets
            .Select(b => Tensors.Zeros([b.Numel + b.Slots.Count], b.DType, b.Device).DetachFromDisposeScope())
            .ToArray();
    }

    /// <summary>Number of all-reduce calls per <see cref="AverageGradients"/>.</summary>
    public int BucketCount => _plan.Buckets.Count;

    /// <summary>
    /// Replaces every parameter's gradient with its mean over all ranks (in place where a gradient exists).
    /// Call on every rank after backward and before the optimizer step.
    /// </summary>
    public void AverageGradients()
    {
        _plan.Check(Values(), nameof(GradientBucketer));
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        for (var b = 0; b < _buffers.Length; ++b)
        {
            Pack(_plan.Buckets[b], _buffers[b]);
        }
        _group.AllReduceSum(_buffers);
        for (var b = 0; b < _buffers.Length; ++b)
        {
            Unpack(_plan.Buckets[b], _buffers[b]);
        }
    }

    public void Dispose()
    {
        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }
    }

    private void Pack(BucketPlan.Bucket bucket, Tensor buffer)
    {
        var present = new double[bucket.Slots.Count];
        for (var s = 0; s < bucket.Slots.Count; ++s)
        {
            var slot = bucket.Slots[s];
            var grad = _parameters[slot.Index].Value.Grad;
            var target = buffer.Narrow(0, slot.Offset, slot.Numel);
            if (grad is null)
            {
                target.Zero_();
            }
            else
            {
                target.Copy_(grad.Reshape(-1)); // [numel]
                present[s] = 1;
            }
        }
        buffer.Narrow(0, bucket.Numel, present.Length).Copy_(Tensors.FromArray(present));
    }

    private void Unpack(BucketPlan.Bucket bucket, Tensor buffer)
    {
        var present = buffer.Narrow(0, bucket.Numel, bucket.Slots.Count).To(ScalarType.Float64).ToArray<double>();
        var grads = buffer.Narrow(0, 0, bucket.Numel);
        grads.Div_(_group.WorldSize);
        for (var s = 0; s < bucket.Slots.Count; ++s)
        {
            if (present[s] == 0)
            {
                continue;
            }
            var slot = bucket.Slots[s];
            var value = _parameters[slot.Index].Value;
            var average = grads.Narrow(0, slot.Offset, slot.Numel).View(slot.Shape); // [parameter shape]
            var grad = value.Grad;
            if (grad is null)
            {
                value.Grad = average.Clone();
            }
            else
            {
                grad.Copy_(average);
            }
        }
    }

    private Tensor[] Values() => _parameters.Select(p => p.Value).ToArray();
}
