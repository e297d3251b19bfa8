using QirenGan.Eval.Runs;
using System.Diagnostics;
using QirenGan.Cli;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class KilledRunTests
{
    [Fact]
    public void A_run_killed_with_sigkill_leaves_complete_snapshots_and_resume_latest_finishes_it()
    {
        using var dir = Repo.TempDir();
        var faces = dir.File("faces");
        var runs = dir.File("runs");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", "8", "--resolution", "16"]));

        // Given a training process that snapshots every tick
        var cli = Path.Combine(AppContext.BaseDirectory, "qirengan.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { cli, "train", "--data", faces, "--outdir", runs, "--resolution", "16", "--batch", "4",
                     "--kimg", "1", "--tick", "0.004", "--snap", "1", "--dchannels", "8" })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // When it is killed (SIGKILL) after writing a few snapshots, possibly in the middle of the next
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && (!Directory.Exists(runs) || Directory.GetFiles(runs, "fakes*.png", SearchOption.AllDirectories).Length < 1))
        {
            Thread.Sleep(50);
        }
        Thread.Sleep(1500);
        process.Kill(entireProcessTree: true);
        process.WaitForExit();

        // Then every snapshot on disk is complete, and `--resume latest` continues to the end
        var run = Assert.Single(Directory.GetDirectories(runs));
        var snapshots = RunLayout.Snapshots(run);
        Assert.NotEmpty(snapshots);
        foreach (var s in snapshots)
        {
            using var loaded = Snapshot.Read(s);
        }
        // A kill in the middle of a write leaves at most a temporary file, which is never taken for a snapshot.
        Assert.All(Directory.GetFiles(run, "*.tmp"), t => Assert.DoesNotContain(t, snapshots));
        var before = Snapshot.Read(snapshots[^1]);
        var resumedFrom = before.State.CurNimg;
        before.Dispose();
        Assert.Equal(0, Program.Main(["train", "--resume", "latest", "--outdir", runs, "--kimg", ((resumedFrom + 8) / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        using var final = Snapshot.Read(RunLayout.Snapshots(run)[^1]);
        Assert.Equal(resumedFrom + 8, final.State.CurNimg);
    }
}
