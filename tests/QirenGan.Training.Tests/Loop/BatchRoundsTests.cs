using QirenGan.Training.Loop;

namespace QirenGan.Training.Tests.Loop;

/// <summary>--batch-gpu: a step run in rounds whose gradients add up is the same step as one pass.</summary>
[Collection(TorchCollection.Name)]
public sealed class BatchRoundsTests
{
    private static float[] Gradients(QirenGan.Torch.Nn.Module m) =>
        m.NamedParameters().SelectMany(p => p.Value.Value.Grad?.Float().ToArray<float>() ?? []).ToArray();

    [Theory]
    [InlineData(8, 4)] // --batch-gpu 4: every pass in two rounds
    [InlineData(32, null)] // the CPU default: only the R1 pass, in two rounds of 16
    public void Rounds_give_the_gradients_and_steps_of_one_pass_with_R1(int batch, int? batchGpu)
    {
        using var dir = Repo.TempDir();
        var data = TinyRun.Faces(dir, batch);
        // A SIREN encoder for the reason DataParallelLoopTests gives (gauge angles amplify summation-order noise).
        var tiny = TinyRun.Options(data, dir.File("runs"), kimg: 1);
        var options = tiny with { Batch = batch, Generator = tiny.Generator with { Inr = "siren" } };

        float[][] Train(int? rows)
        {
            var o = options with { BatchGpu = rows };
            using var loop = new TrainingLoop(o, RunDirectory.Create(o.OutDir, $"rows{rows}"), _ => { });
            loop.Iterate(); // iteration 0 has R1; G and D keep this step's gradients until the next step
            float[][] gradients = [Gradients(loop.G), Gradients(loop.Dnet)];
            loop.Iterate();
            loop.Iterate();
            return [.. gradients, TinyRun.Flatten(loop.G), TinyRun.Flatten(loop.GEma), TinyRun.Flatten(loop.Dnet)];
        }

        var whole = Train(batch);
        var rounds = Train(batchGpu);

        // Two rounds of strided rows keep the minibatch-std groups (rows i, i + B/4, … : for B = 8, {i, i+2, i+4, i+6}),
        // so only float summation order differs. Gradients are compared before Adam, which would hide a wrong scale of the round losses.
        Assert.True(whole[0].Length > 0 && whole[1].Length > 0);
        Close.All(whole[0], rounds[0], 1e-5, 1e-3, "G gradients");
        Close.All(whole[1], rounds[1], 1e-5, 1e-3, "D gradients");
        Close.All(whole[2], rounds[2], 1e-4, what: "G");
        Close.All(whole[3], rounds[3], 1e-4, what: "G EMA");
        Close.All(whole[4], rounds[4], 1e-4, what: "D");
    }

    [Theory]
    [InlineData(3, "divisor of --batch 8")]
    [InlineData(2, "splits the minibatch-std groups of 4")]
    public void A_batch_gpu_that_does_not_fit_the_batch_is_a_clear_error(int batchGpu, string message)
    {
        using var dir = Repo.TempDir();
        var data = TinyRun.Faces(dir);
        var options = TinyRun.Options(data, dir.File("runs"), kimg: 0.008) with { Batch = 8, BatchGpu = batchGpu };
        var e = Assert.Throws<ArgumentException>(() => new TrainingLoop(options, dir.File("run"), _ => { }));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData(32, 4, 2)] // the official configuration: two rounds of 16
    [InlineData(16, 4, 1)]
    [InlineData(24, 4, 2)] // rounds of 12
    [InlineData(20, 4, 1)] // only rounds of 4 would fit: one pass
    [InlineData(64, 4, 4)]
    [InlineData(8, 1, 1)]
    public void The_cpu_default_splits_the_R1_pass_into_the_fewest_rounds_of_at_most_16(int share, int group, int expected) =>
        Assert.Equal(expected, TrainingLoop.AutoR1Rounds(share, group));
}
