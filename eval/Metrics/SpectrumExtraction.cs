using System.Diagnostics;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// Feeds images into a <see cref="PowerSpectrum"/>: a dataset's (decoded in parallel, the next batch while the
/// current one is transformed) or a generator delegate's.
/// </summary>
public static class SpectrumExtraction
{
    /// <summary>The mean power spectrum of the first <paramref name="maxItems"/> images of <paramref name="files"/> (all when null).</summary>
    public static PowerSpectrum ForDataset(ImageFiles files, int batchSize = FeatureExtraction.DefaultBatchSize, long? maxItems = null,
        IProgress<ExtractionProgress>? progress = null)
    {
        PowerSpectrum? spectrum = null;
        try
        {
            var total = Math.Min(files.Count, maxItems ?? long.MaxValue);
            DatasetBatches.ForEach(files, images => spectrum!.Append(images), batchSize, maxItems, progress,
                sized: (w, h) => spectrum = new PowerSpectrum(h, w, total));
            return spectrum!;
        }
        catch
        {
            spectrum?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Draws <paramref name="count"/> images from <paramref name="source"/> (called with a batch size n, returning
    /// uint8 [n, 3, H, W]) in batches of <paramref name="batchSize"/>; the source itself feeds them wherever they go.
    /// </summary>
    public static void Generate(Func<int, Tensor> source, long count, int batchSize, IProgress<ExtractionProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        for (long done = 0; done < count;)
        {
            using var scope = DisposeScope.Enter();
            var n = (int)Math.Min(batchSize, count - done);
            var images = source(n);
            if (images.Dim != 4 || images.Size(0) != n || images.Size(1) != 3 || images.DType != ScalarType.UInt8)
            {
                throw new InvalidOperationException(
                    $"SpectrumExtraction: the image source returned {images.DType} [{string.Join(", ", images.Shape)}] for {n} images; expected uint8 [{n}, 3, H, W]");
            }
            done += n;
            progress?.Report(new ExtractionProgress(done, count, done / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
        }
    }
}
