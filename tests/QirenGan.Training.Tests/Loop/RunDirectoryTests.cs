using QirenGan.Eval.Runs;
using QirenGan.Eval.Metrics;
using QirenGan.Eval.Reports;
using QirenGan.Training.Loop;

namespace QirenGan.Training.Tests.Loop;

public sealed class RunDirectoryTests
{
    [Fact]
    public void Snapshot_names_order_by_image_count_with_finer_names_after_the_plain_one_of_their_kimg()
    {
        // Given names as a run writes them: plain StyleGAN2 names and finer ones where plain would overwrite
        using var dir = Repo.TempDir();
        long[] plain = [0, 4_032, 8_064];
        long[] fine = [320, 8_500, 12_001];
        foreach (var n in plain)
        {
            File.WriteAllText(RunLayout.Snapshot(dir.Path, RunLayout.Label(n, fine: false)), "");
        }
        foreach (var n in fine)
        {
            File.WriteAllText(RunLayout.Snapshot(dir.Path, RunLayout.Label(n, fine: true)), "");
        }

        // Then: by whole kimg, plain first within a kimg, then by the finer count
        var names = RunLayout.Snapshots(dir.Path).Select(Path.GetFileName);
        Assert.Equal(
        [
            "network-snapshot-000000.safetensors", "network-snapshot-000000.320.safetensors",
            "network-snapshot-000004.safetensors", "network-snapshot-000008.safetensors",
            "network-snapshot-000008.500.safetensors", "network-snapshot-000012.001.safetensors",
        ], names);
    }

    [Fact]
    public void Stale_temporaries_of_dead_processes_are_removed_and_a_live_one_is_kept()
    {
        using var dir = Repo.TempDir();
        // A pid above Linux's pid_max (2^22) belongs to no process; pid 1 (init) always lives.
        var dead = Path.Combine(dir.Path, ".network-snapshot-000004.safetensors.2000000000.tmp");
        var live = Path.Combine(dir.Path, ".network-snapshot-000004.safetensors.1.tmp");
        var other = Path.Combine(dir.Path, ".notes.tmp");
        foreach (var f in new[] { dead, live, other })
        {
            File.WriteAllBytes(f, new byte[100]);
        }
        var log = new List<string>();

        Assert.Equal(1, RunDirectory.RemoveStaleTemporaries(dir.Path, log.Add));

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.Contains("2000000000", Assert.Single(log));
    }

    [Fact]
    public void Truncating_history_keeps_the_rows_up_to_the_snapshot_and_the_header()
    {
        using var dir = Repo.TempDir();
        var stats = Path.Combine(dir.Path, "stats.csv");
        CsvTable.Append(stats, ["tick", "kimg", "loss_g"], [["1", "0.5", "1.25"], ["2", "1", "0.5"], ["3", "1.5", "0.75"], ["4", "2", "0.25"]]);
        MetricsCsv.Append(dir.Path, 1, [new MetricResult("fid", 50)]);
        MetricsCsv.Append(dir.Path, 2, [new MetricResult("fid", 40)]);

        // When resuming from the snapshot of tick 2 (1,000 images)
        RunDirectory.TruncateHistory(dir.Path, tick: 2, nimg: 1_000);

        var table = CsvTable.Read(stats);
        Assert.Equal(["tick", "kimg", "loss_g"], table.Headers);
        Assert.Equal([["1", "0.5", "1.25"], ["2", "1", "0.5"]], table.Rows);
        Assert.Equal(1.0, Assert.Single(MetricsCsv.Read(Path.Combine(dir.Path, MetricsCsv.FileName))).Kimg);
    }

    [Fact]
    public void The_next_run_number_is_one_past_the_highest_and_nothing_is_created()
    {
        using var dir = Repo.TempDir();
        Assert.Equal(Path.Combine(dir.File("runs"), "00000-x"), RunDirectory.NextPath(dir.File("runs"), "x"));
        Assert.False(Directory.Exists(dir.File("runs")));
        Directory.CreateDirectory(dir.File("runs/00007-a"));
        Assert.Equal(Path.Combine(dir.File("runs"), "00008-x"), RunDirectory.NextPath(dir.File("runs"), "x"));
        Assert.Single(Directory.GetDirectories(dir.File("runs")));
    }
}
