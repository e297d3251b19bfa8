using QirenGan.Eval.Runs;
using System.Diagnostics;
using QirenGan.Cli;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class DataParallelTrainTests
{
    private static (int Code, string Output, TimeSpan Elapsed) RunCli(IEnumerable<string> args, params (string, string)[] env)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qirengan.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("qirengan train --nproc did not end within 120 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result, sw.Elapsed);
    }

    [Fact]
    public void A_worker_that_dies_ends_an_nproc_2_job_naming_its_rank_and_resume_latest_with_one_process_finishes_it()
    {
        using var dir = Repo.TempDir();
        var faces = dir.File("faces");
        var runs = dir.File("runs");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", "8", "--resolution", "16"]));

        // Given a two-process job (batch 8 = 4 per rank) that snapshots every tick, whose rank 1 exits after tick 2
        var (code, output, elapsed) = RunCli(["train", "--nproc", "2", "--data", faces, "--outdir", runs, "--resolution", "16",
            "--batch", "8", "--kimg", "1", "--tick", "0.008", "--snap", "1", "--dchannels", "8"], ("QIRENGAN_FAIL_RANK", "1:2"));

        // Then the job fails promptly with a user error naming rank 1, and rank 0 alone wrote one run directory
        Assert.True(code == 2, $"exit code {code}; output:\n{output}");
        Assert.Contains("rank 1", output);
        Assert.Contains("exit code 17", output);
        Assert.True(elapsed < TimeSpan.FromSeconds(90), $"took {elapsed}");
        var run = Assert.Single(Directory.GetDirectories(runs));
        var snapshots = RunLayout.Snapshots(run);
        Assert.NotEmpty(snapshots);

        // When the run is resumed with a single process
        long resumedFrom;
        using (var before = Snapshot.Read(snapshots[^1]))
        {
            resumedFrom = before.State.CurNimg;
        }
        var kimg = ((resumedFrom + 8) / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, Program.Main(["train", "--resume", "latest", "--outdir", runs, "--kimg", kimg]));

        // Then it continues from where the two processes stopped
        using var final = Snapshot.Read(RunLayout.Snapshots(run)[^1]);
        Assert.Equal(resumedFrom + 8, final.State.CurNimg);
        Assert.Equal(8, final.Options.Batch);
    }
}
