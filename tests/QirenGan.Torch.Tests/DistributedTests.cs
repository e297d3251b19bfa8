using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using QirenGan.Torch.Distributed;
using QirenGan.Torch.Nn;

namespace QirenGan.Torch.Tests;

/// <summary>
/// c10d over loopback: the ranks are threads of this test process, each with its own TCPStore client (rank 0 also
/// serves) and ProcessGroupGloo, exactly as separate processes would have.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DistributedTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Groups made by RunRanks wait this long for each other: joining is not what those tests measure, and a
    /// loaded machine can start the second rank's thread late.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TestBound = TimeSpan.FromSeconds(90);

    [Fact]
    public void Two_ranks_all_reduce_to_the_elementwise_sum()
    {
        // Given: each rank holds two tensors whose values depend on its rank
        static float[] A(int r) => [1 + r, 2 * r, -3 + 0.5f * r];
        static float[] B(int r) => [10 * r, 1, 2 - r, 0.25f * r];

        // When
        var results = RunRanks(2, (group, r) =>
        {
            var a = Tensors.FromArray(A(r));
            var b = Tensors.FromArray(B(r), [2, 2]);
            group.AllReduceSum(a, b);
            return (a.ToArray<float>(), b.ToArray<float>());
        });

        // Then: both ranks hold the sums (all values exact in float)
        var sumA = A(0).Zip(A(1), (x, y) => x + y).ToArray();
        var sumB = B(0).Zip(B(1), (x, y) => x + y).ToArray();
        foreach (var (a, b) in results)
        {
            Assert.Equal(sumA, a);
            Assert.Equal(sumB, b);
        }
    }

    [Fact]
    public void Broadcast_gives_every_rank_the_root_values()
    {
        // Given: different values on each rank; the root is rank 1
        static float[] Values(int r) => [r, r + 0.5f, -r, 7 * r];

        // When
        var results = RunRanks(2, (group, r) =>
        {
            var t = Tensors.FromArray(Values(r), [2, 2]);
            group.Broadcast([t], root: 1);
            return t.ToArray<float>();
        });

        // Then
        Assert.All(results, values => Assert.Equal(Values(1), values));
    }

    [Fact]
    public void Barrier_holds_a_rank_until_the_other_arrives()
    {
        // Given: rank 1 arrives 600 ms late
        var delay = TimeSpan.FromMilliseconds(600);

        // When
        var waited = RunRanks(2, (group, r) =>
        {
            if (r == 1)
            {
                Thread.Sleep(delay);
            }
            var clock = Stopwatch.StartNew();
            group.Barrier();
            return clock.Elapsed;
        });

        // Then: rank 0 waited (nearly) the whole delay
        Assert.True(waited[0] > delay * 0.8, $"rank 0 left the barrier after {waited[0].TotalMilliseconds} ms");
    }

    [Fact]
    public void Bucketed_gradient_average_is_exact_and_runs_one_all_reduce_per_bucket()
    {
        // Given: odd-shaped parameters (numel 15, 7, 6, 1, 16, 2, 3); the [2] one has a gradient on rank 0 only,
        // the [3] one on no rank. Gradients are multiples of 1/8, so sums and halves are exact in float.
        long[][] shapes = [[3, 5], [7], [2, 1, 3], [1], [4, 4], [2], [3]];
        const int partial = 5, none = 6;
        static float[] Grad(int p, int r, long n) =>
            Enumerable.Range(0, (int)n).Select(i => (i - 3 * p + 5 * r) / 8f).ToArray();
        // A cap of 16 floats gives buckets {15}, {7, 6, 1}, {16}, {2, 3}.
        const long capBytes = 16 * sizeof(float);

        // When
        var results = RunRanks(2, (group, r) =>
        {
            var parameters = shapes.Select(s => new Parameter(Tensors.Zeros(s))).ToArray();
            for (var p = 0; p < shapes.Length; ++p)
            {
                if (p != none && (p != partial || r == 0))
                {
                    parameters[p].Value.Grad = Tensors.FromArray(Grad(p, r, parameters[p].Numel), shapes[p]);
                }
            }
            using var bucketer = new GradientBucketer(group, parameters, capBytes);
            bucketer.AverageGradients();
            var grads = parameters.Select(p => p.Value.Grad?.ToArray<float>()).ToArray();
            foreach (var p in parameters)
            {
                p.Dispose();
            }
            return (bucketer.BucketCount, grads);
        });

        // Then
        foreach (var (buckets, grads) in results)
        {
            Assert.Equal(4, buckets);
            for (var p = 0; p < shapes.Length; ++p)
            {
                var n = shapes[p].Aggregate(1L, (x, y) => x * y);
                if (p == none)
                {
                    Assert.Null(grads[p]);
                    continue;
                }
                var g0 = Grad(p, 0, n);
                var g1 = p == partial ? new float[n] : Grad(p, 1, n);
                var mean = g0.Zip(g1, (x, y) => (x + y) / 2).ToArray();
                Assert.Equal(mean, grads[p]!);
            }
        }
    }

    [Fact]
    public void Parameter_broadcast_makes_every_rank_hold_rank_0_values()
    {
        // Given: parameters initialised differently on each rank
        long[][] shapes = [[2, 3], [5], [1, 1, 4]];
        static float[] Init(int p, int r, long n) => Enumerable.Range(0, (int)n).Select(i => 100 * r + 10 * p + i + 0.5f).ToArray();

        // When
        var results = RunRanks(2, (group, r) =>
        {
            var parameters = shapes.Select((s, p) =>
                new Parameter(Tensors.FromArray(Init(p, r, s.Aggregate(1L, (x, y) => x * y)), s))).ToArray();
            ParameterBroadcast.FromRoot(group, parameters, root: 0, bucketBytes: 8 * sizeof(float));
            var values = parameters.Select(p => p.Value.ToArray<float>()).ToArray();
            var requiresGrad = parameters.All(p => p.Value.RequiresGrad);
            foreach (var p in parameters)
            {
                p.Dispose();
            }
            return (values, requiresGrad);
        });

        // Then
        foreach (var (values, requiresGrad) in results)
        {
            Assert.True(requiresGrad);
            for (var p = 0; p < shapes.Length; ++p)
            {
                Assert.Equal(Init(p, 0, values[p].Length), values[p]);
            }
        }
    }

    [Fact]
    public void Two_ranks_on_half_batches_take_the_same_steps_as_one_process_on_the_whole_batch()
    {
        // Given: a linear model fitted by MSE with Adam; data X [8, 4], Y [8, 3]; rank 1 starts from other weights
        const int steps = 3;
        static double[] Wave(int n, double phase) => Enumerable.Range(0, n).Select(i => Math.Sin(0.7 * i + phase)).ToArray();
        var x = Wave(32, 0.1);
        var y = Wave(24, 2.0);

        (double[] W, double[] B) Train(ProcessGroup? group, int rank, int world)
        {
            using var scope = DisposeScope.Enter();
            var w = new Parameter(Tensors.FromArray(Wave(12, 1 + rank), [3, 4]));
            var b = new Parameter(Tensors.FromArray(Wave(3, 5 + rank)));
            Parameter[] parameters = [w, b];
            using var adam = new Optim.Adam([("w", w), ("b", b)], lr: 0.05);
            using var bucketer = group is null ? null : new GradientBucketer(group, parameters);
            if (group is not null)
            {
                ParameterBroadcast.FromRoot(group, parameters);
            }
            var rows = 8 / world;
            var xs = Tensors.FromArray(x, [8, 4]).Narrow(0, rank * rows, rows);
            var ys = Tensors.FromArray(y, [8, 3]).Narrow(0, rank * rows, rows);
            for (var step = 0; step < steps; ++step)
            {
                using var stepScope = DisposeScope.Enter();
                Functional.Linear(xs, w, b).MseLoss(ys).Backward();
                bucketer?.AverageGradients();
                adam.Step();
                adam.ZeroGrad();
            }
            var result = (w.Value.ToArray<double>(), b.Value.ToArray<double>());
            w.Dispose();
            b.Dispose();
            return result;
        }

        // When
        var single = Train(null, 0, 1);
        var parallel = RunRanks(2, (group, r) => Train(group, r, 2));

        // Then: equal shards make the mean of the ranks' means the whole batch's mean
        Close.All(single.W, parallel[0].W, atol: 1e-12, what: "weight");
        Close.All(single.B, parallel[0].B, atol: 1e-12, what: "bias");
        Assert.Equal(parallel[0].W, parallel[1].W);
        Assert.Equal(parallel[0].B, parallel[1].B);
    }

    [Fact]
    public void A_rank_that_never_joins_fails_creation_with_a_clear_error_within_the_timeout()
    {
        // Given: a world of 2 in which only rank 0 starts
        var port = FreePort();
        var clock = Stopwatch.StartNew();

        // When
        var error = Assert.Throws<TorchException>(() =>
            ProcessGroup.Create(0, 2, "127.0.0.1", port, ShortTimeout, Device.Cpu).Dispose());

        // Then
        Assert.Contains("rank 0 of 2 could not join", error.Message);
        Assert.Contains("rank(s) 1 of 2 did not join within 3000 ms", error.Message);
        Assert.DoesNotContain("frame #", error.Message);
        Assert.InRange(clock.Elapsed, ShortTimeout * 0.9, ShortTimeout * 5);
    }

    [Fact]
    public void A_rank_that_stops_responding_fails_the_all_reduce_within_the_timeout()
    {
        // Given: both ranks join, then rank 1 never takes part in the all-reduce
        using var release = new ManualResetEventSlim();
        var clock = new Stopwatch();

        // When
        var errors = RunRanks(2, (group, r) =>
        {
            if (r == 1)
            {
                release.Wait(TestBound);
                return null;
            }
            clock.Start();
            var error = Record.Exception(() => group.AllReduceSum([Tensors.Ones([4])], ShortTimeout));
            clock.Stop();
            release.Set();
            return error;
        });

        // Then
        var e = Assert.IsType<TorchException>(errors[0]);
        Assert.Contains("all-reduce failed on rank 0 of 2", e.Message);
        Assert.InRange(clock.Elapsed, ShortTimeout * 0.9, ShortTimeout * 5);
    }

    [Fact]
    public void A_rank_that_dies_fails_its_peer_before_the_timeout()
    {
        // Given: both ranks join — a barrier, so rank 1 cannot leave while rank 0 is still connecting (that would be a
        // failed join, not the failure under test) — then rank 1 goes away (its sockets close, as when a process dies)
        var timeout = TimeSpan.FromSeconds(60);
        var clock = new Stopwatch();

        // When
        var errors = RunRanks(2, (group, r) =>
        {
            group.Barrier();
            if (r == 1)
            {
                group.Dispose();
                return null;
            }
            clock.Start();
            var error = Record.Exception(() => group.AllReduceSum([Tensors.Ones([4])], timeout));
            clock.Stop();
            return error;
        }, timeout);

        // Then: the closed connection is noticed, not waited out
        var e = Assert.IsType<TorchException>(errors[0]);
        Assert.Contains("all-reduce failed on rank 0 of 2", e.Message);
        Assert.True(clock.Elapsed < timeout / 2, $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void Tensors_on_another_device_kind_are_refused_before_any_communication()
    {
        // Given: a world of one (no peers needed)
        using var group = ProcessGroup.Create(0, 1, "127.0.0.1", FreePort(), ShortTimeout, Device.Cpu);
        using var scope = DisposeScope.Enter();

        // Then: a single-rank sum is the identity, and bad arguments fail with messages
        var t = Tensors.FromArray(new[] { 1f, 2f });
        group.AllReduceSum(t);
        Assert.Equal([1f, 2f], t.ToArray<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => group.Broadcast([t], root: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ProcessGroup.Create(2, 2, "127.0.0.1", 29500, ShortTimeout, Device.Cpu));
    }

    /// <summary>Runs <paramref name="body"/> as each rank on its own thread, each with a fresh group.</summary>
    private static T[] RunRanks<T>(int world, Func<ProcessGroup, int, T> body, TimeSpan? timeout = null)
    {
        var port = FreePort();
        var tasks = Enumerable.Range(0, world).Select(r => Task.Factory.StartNew(() =>
        {
            using var group = ProcessGroup.Create(r, world, "127.0.0.1", port, timeout ?? JoinTimeout, Device.Cpu);
            using var scope = DisposeScope.Enter();
            return body(group, r);
        }, TaskCreationOptions.LongRunning)).ToArray();
        if (!Task.WaitAll(tasks, TestBound))
        {
            Assert.Fail($"ranks did not finish within {TestBound.TotalSeconds} s");
        }
        return tasks.Select(t => t.Result).ToArray();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
