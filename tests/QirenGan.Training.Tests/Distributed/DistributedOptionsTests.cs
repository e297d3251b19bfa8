using QirenGan.Training.Distributed;

namespace QirenGan.Training.Tests.Distributed;

public sealed class DistributedOptionsTests
{
    [Fact]
    public void Worker_arguments_round_trip_through_parse()
    {
        var options = DistributedOptions.Parse(2, 4, "10.1.2.3:4000");

        var args = options.WorkerArguments();

        Assert.Equal(["--rank", "2", "--world-size", "4", "--master", "10.1.2.3:4000"], args);
        Assert.Equal(options, DistributedOptions.Parse(int.Parse(args[1]), int.Parse(args[3]), args[5]));
        Assert.False(options.IsMain);
        Assert.True(options.IsDistributed);
    }

    [Theory]
    [InlineData(2, 2, "--rank 2: must be from 0 to 1 (--world-size 2)")]
    [InlineData(-1, 2, "--rank -1")]
    [InlineData(0, 0, "--world-size 0: must be at least 1")]
    public void Ranks_outside_the_world_are_refused(int rank, int world, string message)
    {
        var e = Assert.Throws<FormatException>(() => DistributedOptions.Parse(rank, world, "127.0.0.1:1"));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Shards_tile_the_global_batch_in_rank_order()
    {
        // Given: a batch of 12 over 3 ranks
        var shards = Enumerable.Range(0, 3)
            .Select(r => DistributedOptions.Parse(r, 3, "127.0.0.1:1").Shard(12))
            .ToArray();

        // Then: [0, 4), [4, 8), [8, 12)
        Assert.Equal([(0, 4), (4, 4), (8, 4)], shards);
        var e = Assert.Throws<ArgumentException>(() => DistributedOptions.Parse(0, 3, "127.0.0.1:1").Shard(10));
        Assert.Contains("batch 10 does not split evenly over 3 processes", e.Message);
    }

    [Fact]
    public void The_launch_option_is_removed_from_the_worker_command_line_in_both_spellings()
    {
        string[] args = ["train", "--nproc", "4", "--data", "x.zip", "--nproc=2", "--batch", "8"];

        Assert.Equal(["train", "--data", "x.zip", "--batch", "8"], WorkerCommand.WithoutOption(args, "--nproc"));
    }
}
