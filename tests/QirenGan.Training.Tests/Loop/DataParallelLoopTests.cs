using QirenGan.Eval.Runs;
using System.Net;
using System.Net.Sockets;
using QirenGan.Hypernet;
using QirenGan.Torch.Distributed;
using QirenGan.Training.Loop;

namespace QirenGan.Training.Tests.Loop;

[Collection(TorchCollection.Name)]
public sealed class DataParallelLoopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private sealed record Result(float[] G, float[] GEma, float[] D, long CurNimg);

    private static Result Finish(TrainingLoop loop)
    {
        loop.Run();
        return new Result(TinyRun.Flatten(loop.G), TinyRun.Flatten(loop.GEma), TinyRun.Flatten(loop.Dnet), loop.CurNimg);
    }

    /// <summary>Runs <paramref name="body"/> as each rank on its own thread, each with its own group (loopback).</summary>
    private static T[] RunRanks<T>(int world, Func<ProcessGroup, int, T> body)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var tasks = Enumerable.Range(0, world).Select(r => Task.Factory.StartNew(() =>
        {
            using var group = ProcessGroup.Create(r, world, "127.0.0.1", port, Timeout, Device.Cpu);
            return body(group, r);
        }, TaskCreationOptions.LongRunning)).ToArray();
        Assert.True(Task.WaitAll(tasks, TimeSpan.FromSeconds(120)), "ranks did not finish in 120 s");
        return tasks.Select(t => t.Result).ToArray();
    }

    [Theory]
    [InlineData(MappingOptions.Dense)]
    [InlineData(MappingOptions.Mera)] // a MERA mapping's tensors are all-reduced like dense weights
    public void Two_ranks_with_batch_4_each_step_like_one_process_with_batch_8_and_stay_bit_identical(string mapping)
    {
        using var dir = Repo.TempDir();
        var data = TinyRun.Faces(dir);
        // 3 iterations of a global batch of 8, with lazy R1 on iterations 0 and 2. A SIREN encoder: the quantum
        // circuit has gauge angles whose gradient is zero up to rounding, and Adam's first steps scale such noise
        // to ±lr, so a summation order change alone would move them (seen: 16 of 144 angles, by ≤ 0.003).
        var tiny = TinyRun.Options(data, dir.File("runs"), kimg: 0.024);
        var options = tiny with { Batch = 8, Generator = tiny.Generator with { Inr = "siren", MappingKind = mapping, MappingBond = 2 } };

        // Given one process with the global batch
        Result single;
        using (var loop = new TrainingLoop(options, RunDirectory.Create(options.OutDir, "single"), _ => { }))
        {
            single = Finish(loop);
        }

        // When two ranks train the same run, each on its half of every batch
        var rank1Dir = dir.File("rank1-writes-nothing");
        var ranks = RunRanks(2, (group, r) =>
        {
            var runDir = r == 0 ? RunDirectory.Create(options.OutDir, "ddp") : rank1Dir;
            using var loop = new TrainingLoop(options, runDir, _ => { }, group: group);
            return Finish(loop);
        });

        // Then both ranks hold the same bits, those equal the single process's up to float reordering,
        // and only rank 0 wrote anything
        Assert.Equal(ranks[0].G, ranks[1].G);
        Assert.Equal(ranks[0].GEma, ranks[1].GEma);
        Assert.Equal(ranks[0].D, ranks[1].D);
        Assert.Equal(single.CurNimg, ranks[0].CurNimg);
        Close.All(single.G, ranks[0].G, 1e-4);
        Close.All(single.GEma, ranks[0].GEma, 1e-4);
        Close.All(single.D, ranks[0].D, 1e-4);
        Assert.False(Directory.Exists(rank1Dir));
        Assert.Single(RunLayout.Snapshots(Path.Combine(options.OutDir, Assert.Single(Directory.GetDirectories(options.OutDir, "*ddp")))));
    }

    [Fact]
    public void A_per_rank_batch_the_minibatch_std_group_does_not_divide_fails_naming_the_group_size()
    {
        using var dir = Repo.TempDir();
        var options = TinyRun.Options(TinyRun.Faces(dir), dir.File("runs"), kimg: 0.008); // batch 4 → 2 per rank

        var errors = RunRanks(2, (group, r) =>
            Record.Exception(() => new TrainingLoop(options, dir.File($"r{r}"), _ => { }, group: group).Dispose()));

        Assert.All(errors, e => Assert.Contains("minibatch-std group size 4", Assert.IsType<ArgumentException>(e).Message));
    }
}
