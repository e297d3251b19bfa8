namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class MemoryTests
{
    private static long ResidentBytes()
    {
        // /proc/self/statm: size resident shared … in pages.
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1]) * Environment.SystemPageSize;
    }

    private static void Work(int ops)
    {
        using var scope = DisposeScope.Enter();
        var a = Tensors.Ones([64, 64]);
        for (var i = 0; i < ops / 4; ++i)
        {
            var b = a.Mul(1.0001).Add(0.5);
            var c = b.MatMul(a).Tanh();
            a = c.Mean([1], keepDim: true).Expand(64, 64);
        }
    }

    [Fact]
    public void Ten_thousand_ops_in_dispose_scopes_leave_tensor_count_and_rss_flat()
    {
        // Given a warmed-up process (allocator pools and thread pools exist)
        Work(400);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var liveBefore = Tensor.LiveCount;
        var rssBefore = ResidentBytes();

        // When 10,000 ops run in per-step scopes
        for (var step = 0; step < 25; ++step)
        {
            Work(400);
        }

        // Then every tensor was freed and resident memory did not grow with the op count
        Assert.Equal(liveBefore, Tensor.LiveCount);
        var growth = ResidentBytes() - rssBefore;
        Assert.True(growth < 32L << 20, $"RSS grew by {growth / (1 << 20)} MiB over 10,000 ops");
    }

    [Fact]
    public void Scope_frees_temporaries_but_keeps_moved_results()
    {
        var before = Tensor.LiveCount;
        Tensor kept;
        using (var outer = DisposeScope.Enter())
        {
            using (var inner = DisposeScope.Enter())
            {
                var a = Tensors.Ones([3]);
                var b = a.Add(1.0);
                kept = b.Mul(2.0).MoveToOuterScope();
                Assert.Equal(2, inner.Count); // a and b; the result moved out
            }
            // The moved result survived the inner scope, the temporaries did not.
            Assert.Equal(before + 1, Tensor.LiveCount);
            Assert.Equal([4f, 4f, 4f], kept.ToArray<float>());
        }
        Assert.True(kept.IsClosed);
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void Detached_tensor_outlives_every_scope_until_disposed()
    {
        var before = Tensor.LiveCount;
        Tensor t;
        using (DisposeScope.Enter())
        {
            t = Tensors.Zeros([2]).DetachFromDisposeScope();
        }
        Assert.False(t.IsClosed);
        t.Dispose();
        Assert.Equal(before, Tensor.LiveCount);
        Assert.Throws<ObjectDisposedException>(() => t.Add(1.0));
    }
}
