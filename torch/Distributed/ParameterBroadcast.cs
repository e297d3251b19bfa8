using QirenGan.Torch.Nn;

namespace QirenGan.Torch.Distributed;

/// <summary>
/// Makes every rank hold one rank's values (rank 0's, by default): at the start of a data-parallel run and after a
/// resume, so replicas that were initialised or loaded separately begin identical. Tensors are packed into flat
/// buckets, one broadcast per bucket. Like DDP's _sync_module_states / broadcast_coalesced.
/// </summary>
public static class ParameterBroadcast
{
    /// <summary>Overwrites the parameters on every rank with <paramref name="root"/>'s values.</summary>
    /// <param name="group">The process group.</param>
    /// <param name="parameters">The parameters, in the same order and shapes on every rank.</param>
    /// <param name="root">The rank whose values win.</param>
    /// <param name="bucketBytes">Target bucket size in bytes.</param>
    public static void FromRoot(ProcessGroup group, IEnumerable<Parameter> parameters, int root = 0,
        long bucketBytes = GradientBucketer.DefaultBucketBytes) =>
        FromRoot(group, parameters.Select(p => p.Value), root, bucketBytes);

    /// <summary>Overwrites the tensors (buffers, EMA weights, optimizer moments) in place with root's values.</summary>
    /// <inheritdoc cref="FromRoot(ProcessGroup, IEnumerable{Parameter}, int, long)"/>
    public static void FromRoot(ProcessGroup group, IEnumerable<Tensor> tensors, int root = 0,
        long bucketBytes = GradientBucketer.DefaultBucketBytes)
    {
        var values = tensors.ToArray();
        var plan = BucketPlan.Create(values, bucketBytes);
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var buffers = plan.Buckets.Select(b => Tensors.Empty([b.Numel], b.DType, b.Device)).ToArray();
        for (var b = 0; b < buffers.Length && group.Rank == root; ++b)
        {
            foreach (var slot in plan.Buckets[b].Slots)
            {
                buffers[b].Narrow(0, slot.Offset, slot.Numel).Copy_(values[slot.Index].Reshape(-1)); // [numel]
            }
        }
        group.Broadcast(buffers, root);
        if (group.Rank == root)
        {
            return;
        }
        for (var b = 0; b < buffers.Length; ++b)
        {
            foreach (var slot in plan.Buckets[b].Slots)
            {
                values[slot.Index].Copy_(buffers[b].Narrow(0, slot.Offset, slot.Numel).View(slot.Shape)); // [shape]
            }
        }
    }
}
