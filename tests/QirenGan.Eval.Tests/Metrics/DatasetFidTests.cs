using QirenGan.Eval.Detectors;
using QirenGan.Eval.Metrics;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Tests.Metrics;

[Collection(TorchCollection.Name)]
public sealed class DatasetFidTests
{
    private const int Count = 24;
    private const int Size = 32;

    // 64 of the fixture's 2048 features keep each Fréchet distance to milliseconds; the 2048-d path is covered by
    // the closed-form test and the CLI test.
    private static IFeatureExtractor Detector() => new FirstFeatures(TorchScriptDetector.Load(Repo.Fixture("tiny-detector.pt"), batchSize: 8), 64);

    [Fact]
    public void A_folder_against_itself_is_near_zero_and_against_a_blurred_or_shifted_copy_is_larger()
    {
        using var tmp = Repo.TempDir();
        var original = TestImages.WriteFolder(tmp.File("original"), Count, Size);
        var blurred = TestImages.WriteFolder(tmp.File("blurred"), Count, Size, TestImages.Blur);
        var shifted = TestImages.WriteFolder(tmp.File("shifted"), Count, Size, Shift);
        using var detector = Detector();
        var runner = new MetricRunner(detector, null, null, new MetricRunOptions(BatchSize: 8));
        double Fid(string a, string b)
        {
            using var real = ImageFiles.Open(a);
            using var fake = ImageFiles.Open(b);
            return runner.FidOfDatasets(real, fake);
        }

        var self = Fid(original, original);
        var blur = Fid(original, blurred);
        var shift = Fid(original, shifted);

        Assert.InRange(self, -1e-6, 1e-6);
        Assert.True(blur > 1e-3, $"FID against a blurred copy should be clearly positive, got {blur}");
        Assert.True(shift > 1e-3, $"FID against a shifted copy should be clearly positive, got {shift}");
    }

    [Fact]
    public void Dataset_statistics_equal_those_of_the_decoded_images_passed_directly()
    {
        using var tmp = Repo.TempDir();
        var folder = TestImages.WriteFolder(tmp.File("data"), 10, Size);
        using var detector = Detector();
        using var files = ImageFiles.Open(folder);
        using var scope = DisposeScope.Enter();

        using var streamed = FeatureExtraction.ForDataset(files, detector, batchSize: 3, maxItems: 7);
        using var direct = new FeatureStatistics(64);
        direct.Append(detector.Extract(Tensors.Stack(Enumerable.Range(0, 7).Select(i => TestImages.Gradient(Size, i).ToTensor()).ToArray())));

        // The detector runs in float32 and oneDNN may pick another kernel for a batch of 3 than of 7, so features
        // agree to float32 rounding (~1e-8 here), not bit for bit; a wrong image or order would be off by ~1e-2.
        Assert.Equal(7, streamed.Count);
        Close.All(direct.Mean().ToArray<double>(), streamed.Mean().ToArray<double>(), 1e-6, what: "mean");
        Close.All(direct.Covariance().ToArray<double>(), streamed.Covariance().ToArray<double>(), 1e-6, what: "covariance");
    }

    [Fact]
    public void Cached_real_statistics_give_the_same_fid_as_fresh_ones()
    {
        using var tmp = Repo.TempDir();
        var real = TestImages.WriteFolder(tmp.File("real"), Count, Size);
        var fake = TestImages.WriteFolder(tmp.File("fake"), Count, Size, TestImages.Blur);
        using var detector = Detector();
        using var reals = ImageFiles.Open(real);
        using var fakes = ImageFiles.Open(fake);
        var cache = new StatisticsCache(tmp.File("cache"));
        var logs = new List<string>();
        var options = new MetricRunOptions(BatchSize: 8);

        var fresh = new MetricRunner(detector, null, null, options).FidOfDatasets(reals, fakes);
        var first = new MetricRunner(detector, null, cache, options, logs.Add).FidOfDatasets(reals, fakes);
        var second = new MetricRunner(detector, null, cache, options, logs.Add).FidOfDatasets(reals, fakes);

        Assert.Single(Directory.GetFiles(cache.Folder));
        Assert.Contains(logs, l => l.Contains("from the cache"));
        Assert.Equal(fresh, first);
        Close.Scalar(fresh, second, 1e-9 * Math.Abs(fresh), "FID from cached statistics");
    }

    [Fact]
    public void The_cache_key_changes_with_the_data_and_the_image_limit_but_not_the_folder_name()
    {
        using var tmp = Repo.TempDir();
        var a = TestImages.WriteFolder(tmp.File("a"), 4, 8);
        var b = TestImages.WriteFolder(tmp.File("b"), 4, 8);
        var c = TestImages.WriteFolder(tmp.File("c"), 4, 8, firstSeed: 1);
        using var detector = Detector();
        using var fa = ImageFiles.Open(a);
        using var fb = ImageFiles.Open(b);
        using var fc = ImageFiles.Open(c);

        Assert.Equal(StatisticsCache.Key(fa, detector, null, false), StatisticsCache.Key(fb, detector, null, false));
        Assert.NotEqual(StatisticsCache.Key(fa, detector, null, false), StatisticsCache.Key(fc, detector, null, false));
        Assert.NotEqual(StatisticsCache.Key(fa, detector, null, false), StatisticsCache.Key(fa, detector, 2, false));
        Assert.Equal(StatisticsCache.Key(fa, detector, null, false), StatisticsCache.Key(fa, detector, 4, false));
    }

    [Fact]
    public void The_metric_runner_computes_fid_kid_and_pr_from_a_generator_delegate()
    {
        // Given reals and a "generator" that replays the same images: FID ≈ 0, precision = recall = 1, KID ≈ 0.
        using var tmp = Repo.TempDir();
        var real = TestImages.WriteFolder(tmp.File("real"), 12, 16);
        using var detector = Detector();
        using var reals = ImageFiles.Open(real);
        var next = 0;
        Tensor Replay(int n)
        {
            var batch = FeatureExtraction.LoadBatch(reals, next, n);
            next += n;
            return batch.MoveToOuterScope();
        }
        var runner = new MetricRunner(detector, null, null, new MetricRunOptions(NumGen: 12, BatchSize: 5));

        var results = runner.Run(MetricDefinition.ParseList("fid50k_full,kid50k_full,pr50k3_full"), reals, Replay)
            .ToDictionary(r => r.Metric, r => r.Value);

        Assert.Equal(["fid50k_full", "kid50k_full", "pr50k3_full_precision", "pr50k3_full_recall"], results.Keys.Order());
        Assert.InRange(results["fid50k_full"], -1e-6, 1e-6);
        Assert.Equal(1.0, results["pr50k3_full_precision"]);
        Assert.Equal(1.0, results["pr50k3_full_recall"]);
        Assert.True(Math.Abs(results["kid50k_full"]) < 0.05, $"KID of identical sets should be near 0, got {results["kid50k_full"]}");
    }

    private static RgbImage Shift(RgbImage image)
    {
        var (w, h) = (image.Width, image.Height);
        var output = new byte[image.Pixels.Length];
        for (var y = 0; y < h; ++y)
        {
            for (var x = 0; x < w; ++x)
            {
                Array.Copy(image.Pixels, (y * w + (x + 6) % w) * 3, output, (y * w + x) * 3, 3);
            }
        }
        return new RgbImage(w, h, output);
    }
}
