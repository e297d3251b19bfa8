using System.Diagnostics;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// The images of a dataset as uint8 batches [n, 3, H, W] for metrics that accumulate statistics without a detector
/// (spectra, edge maps): decoded in parallel, the next batch while the current one is consumed.
/// </summary>
public static class DatasetBatches
{
    /// <summary>Pixels per decoded batch (at least the caller's batch size): 1,024 images of 32×32, 16 of 256×256.</summary>
    private const int BatchPixels = 1 << 20;

    /// <summary>
    /// Calls <paramref name="consume"/> with the first <paramref name="maxItems"/> images of <paramref name="files"/>
    /// (all when null), batch by batch; the first image fixes the size every other must have.
    /// </summary>
    /// <returns>The images' width and height and how many were consumed.</returns>
    public static (int Width, int Height, int Count) ForEach(ImageFiles files, Action<Tensor> consume,
        int batchSize = FeatureExtraction.DefaultBatchSize, long? maxItems = null, IProgress<ExtractionProgress>? progress = null,
        Action<int, int>? sized = null)
    {
        var total = (int)Math.Min(files.Count, maxItems ?? long.MaxValue);
        if (total == 0)
        {
            throw new InvalidDataException($"{files.Path}: no images");
        }
        var first = files.Decode(0);
        var size = (first.Width, first.Height);
        sized?.Invoke(first.Width, first.Height);
        var batch = Math.Max(batchSize, BatchPixels / (first.Width * first.Height));
        Task<Tensor> Decode(int start) => Task.Run(() => FeatureExtraction.LoadBatch(files, start, Math.Min(batch, total - start), size));

        var clock = Stopwatch.StartNew();
        var done = 0;
        var next = Decode(0);
        for (var start = 0; start < total; start += batch)
        {
            using var images = next.GetAwaiter().GetResult();
            if (start + batch < total)
            {
                next = Decode(start + batch);  // decoded while this batch is consumed
            }
            consume(images);
            done += (int)images.Size(0);
            progress?.Report(new ExtractionProgress(done, total, done / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
        }
        return (first.Width, first.Height, done);
    }
}
