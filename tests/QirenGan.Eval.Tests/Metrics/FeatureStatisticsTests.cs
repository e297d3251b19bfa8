using QirenGan.Eval.Metrics;

namespace QirenGan.Eval.Tests.Metrics;

[Collection(TorchCollection.Name)]
public sealed class FeatureStatisticsTests
{
    private const int N = 10;
    private const int D = 4;

    private static double[] Data()
    {
        var rng = new Random(11);
        return Enumerable.Range(0, N * D).Select(_ => rng.NextDouble() * 10 - 3).ToArray();
    }

    /// <summary>Mean and covariance ÷N written out in plain double loops (the independent reference).</summary>
    private static (double[] Mean, double[] Cov) OneShot(double[] x, int n)
    {
        var mean = new double[D];
        for (var i = 0; i < n; ++i)
        {
            for (var a = 0; a < D; ++a)
            {
                mean[a] += x[i * D + a] / n;
            }
        }
        var cov = new double[D * D];
        for (var i = 0; i < n; ++i)
        {
            for (var a = 0; a < D; ++a)
            {
                for (var b = 0; b < D; ++b)
                {
                    cov[a * D + b] += (x[i * D + a] - mean[a]) * (x[i * D + b] - mean[b]) / n;
                }
            }
        }
        return (mean, cov);
    }

    [Fact]
    public void Streaming_over_batches_equals_the_one_shot_float64_computation()
    {
        using var scope = DisposeScope.Enter();
        var data = Data();
        var all = Tensors.FromArray(data, [N, D]);
        using var stats = new FeatureStatistics(D);

        foreach (var (start, length) in new[] { (0, 3), (3, 5), (8, 2) })
        {
            stats.Append(all.Narrow(0, start, length).Float());  // float32 features, as the detector gives
        }

        var (mean, cov) = OneShot(data.Select(v => (double)(float)v).ToArray(), N);
        Assert.Equal(N, stats.Count);
        Close.All(mean, stats.Mean().ToArray<double>(), 1e-12, what: "mean");
        Close.All(cov, stats.Covariance().ToArray<double>(), 1e-12, what: "covariance");
    }

    [Fact]
    public void Rows_beyond_max_items_are_ignored()
    {
        using var scope = DisposeScope.Enter();
        var data = Data();
        var all = Tensors.FromArray(data, [N, D]);
        using var stats = new FeatureStatistics(D, captureAll: true, maxItems: 7);

        stats.Append(all.Narrow(0, 0, 4));
        stats.Append(all.Narrow(0, 4, 6));
        stats.Append(all.Narrow(0, 0, 2));

        var (mean, cov) = OneShot(data, 7);
        Assert.True(stats.IsFull);
        Assert.Equal(7, stats.Count);
        Close.All(mean, stats.Mean().ToArray<double>(), 1e-12, what: "mean");
        Close.All(cov, stats.Covariance().ToArray<double>(), 1e-12, what: "covariance");
        Assert.Equal(data[..(7 * D)].Select(v => (float)v).ToArray(), stats.All().ToArray<float>());
    }

    [Fact]
    public void Saved_statistics_load_back_with_their_metadata_and_rows()
    {
        using var tmp = Repo.TempDir();
        using var scope = DisposeScope.Enter();
        var all = Tensors.FromArray(Data(), [N, D]);
        using var stats = new FeatureStatistics(D, captureAll: true);
        stats.Append(all);
        var path = tmp.File("stats.safetensors");

        stats.Save(path, new Dictionary<string, string> { ["dataset"] = "abc" });
        var (loaded, metadata) = FeatureStatistics.Load(path);
        using var _ = loaded;

        Assert.Equal("abc", metadata["dataset"]);
        Assert.Equal(N, loaded.Count);
        Close.All(stats.Mean().ToArray<double>(), loaded.Mean().ToArray<double>(), 1e-12, what: "mean");
        Close.All(stats.Covariance().ToArray<double>(), loaded.Covariance().ToArray<double>(), 1e-12, what: "covariance");
        Assert.Equal(stats.All().ToArray<float>(), loaded.All().ToArray<float>());
    }

    [Fact]
    public void A_file_of_another_kind_is_rejected_by_name()
    {
        using var tmp = Repo.TempDir();
        using var scope = DisposeScope.Enter();
        var path = tmp.File("weights.safetensors");
        QirenGan.Torch.Checkpoints.SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = Tensors.Ones([2]) });

        var e = Assert.Throws<InvalidDataException>(() => FeatureStatistics.Load(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Appending_leaves_no_tensors_behind()
    {
        var before = Tensor.LiveCount;
        using (var stats = new FeatureStatistics(D, captureAll: true))
        {
            using var scope = DisposeScope.Enter();
            stats.Append(Tensors.FromArray(Data(), [N, D]));
            _ = stats.All();
        }
        Assert.Equal(before, Tensor.LiveCount);
    }
}
