using QirenGan.Torch.Profiling;

namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class ProfilerTests
{
    [Fact]
    public void Self_time_excludes_the_events_nested_inside_on_the_same_thread()
    {
        // Given a trace (μs): A [0,100) holds B [10,40) (which holds D [15,25)) and C [50,60); another thread runs A [0,50)
        using var dir = Repo.TempDir();
        var path = dir.File("trace.json");
        File.WriteAllText(path, """
            [
              {"name": "A", "ph": "X", "ts": 0, "dur": 100, "tid": 1},
              {"name": "B", "ph": "X", "ts": 10, "dur": 30, "tid": 1},
              {"name": "D", "ph": "X", "ts": 15, "dur": 10, "tid": 1},
              {"name": "C", "ph": "X", "ts": 50, "dur": 10, "tid": 1},
              {"name": "A", "ph": "X", "ts": 0, "dur": 50, "tid": 2},
              {"name": "ignored", "ph": "i", "ts": 5, "tid": 1}
            ]
            """);

        // When it is summarised
        var times = OperatorProfiler.Summarise(path).ToDictionary(t => t.Name);

        // Then self = duration − direct children, summed per name, in ms
        Assert.Equal(4, times.Count);
        Assert.Equal((2, 0.110, 0.150), (times["A"].Calls, times["A"].SelfMs, times["A"].TotalMs));
        Assert.Equal(0.020, times["B"].SelfMs, 9);
        Assert.Equal(0.010, times["C"].SelfMs, 9);
        Assert.Equal(0.010, times["D"].SelfMs, 9);
        Assert.Equal("A", OperatorProfiler.Summarise(path)[0].Name);
    }

    [Fact]
    public void The_profiler_records_the_operators_run_while_it_is_on()
    {
        using var dir = Repo.TempDir();
        var path = dir.File("trace.json");
        using var scope = DisposeScope.Enter();
        var a = Tensors.Randn([64, 64]);
        using (OperatorProfiler.Start(path))
        {
            a.Mm(a);
            a.Mm(a);
        }
        a.Add(a); // after the stop: not recorded

        var times = OperatorProfiler.Summarise(path);
        Assert.Equal(2, times.Single(t => t.Name == "aten::mm").Calls);
        Assert.DoesNotContain(times, t => t.Name == "aten::add");
    }

    [Fact]
    public void Only_one_profile_runs_at_a_time()
    {
        using var dir = Repo.TempDir();
        using (OperatorProfiler.Start(dir.File("first.json")))
        {
            var e = Assert.Throws<TorchException>(() => OperatorProfiler.Start(dir.File("second.json")));
            Assert.Contains("already running", e.Message);
        }
        using (OperatorProfiler.Start(dir.File("third.json")))
        {
        }
        Assert.True(File.Exists(dir.File("third.json")));
    }
}
