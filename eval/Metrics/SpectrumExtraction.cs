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
    /// <summary>Pixels per decoded batch (at least the caller's batch size): 1,024 images of 32×32, 16 of 256×256.</summary>
    private const int BatchPixels = 1 << 20;

    /// <summary>The mean power spectrum of the first <paramref name="maxItems"/> images of <paramref name="files"/> (all when null).</summary>
    public static PowerSpectrum ForDataset(ImageFiles files, int batchSize = FeatureExtraction.DefaultBatchSize, long? maxItems = null,
        IProgress<ExtractionProgress>? progress = null)
    {
        var total = (int)Math.Min(files.Count, maxItems ?? long.MaxValue);
        if (total == 0)
        {
            throw new InvalidDataException($"{files.Path}: no images");
        }
        var first = files.Decode(0);
        var size = (first.Width, first.Height);
        var batch = Math.Max(batchSize, BatchPixels / (first.Width * first.Height));
        Task<Tensor> Decode(int start) => Task.Run(() => FeatureExtraction.LoadBatch(files, start, Math.Min(batch, total - start), size));

        var spectrum = new PowerSpectrum(first.Height, first.Width, total);
        var clock = Stopwatch.StartNew();
        try
        {
            var next = Decode(0);
            for (var start = 0; start < total; start += batch)
            {
                using var images = next.GetAwaiter().GetResult();
                if (start + batch < total)
                {
                    next = Decode(start + batch);  // decoded while this batch is transformed
                }
                spectrum.Append(images);
                progress?.Report(new ExtractionProgress(spectrum.Count, total, spectrum.Count / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
            }
            return spectrum;
        }
        catch
        {
            spectrum.Dispose();
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
