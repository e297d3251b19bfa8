using System.Diagnostics;
using QirenGan.Eval.Detectors;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Metrics;

/// <summary>How far a feature pass has got.</summary>
/// <param name="Done">Images processed so far.</param>
/// <param name="Total">Images to process.</param>
/// <param name="ImagesPerSecond">Throughput since the start (decoding or generation included).</param>
public sealed record ExtractionProgress(long Done, long Total, double ImagesPerSecond);

/// <summary>
/// Runs images through a feature extractor into <see cref="FeatureStatistics"/>: the images of a dataset (decoded
/// in parallel, the next batch while the detector works on the current one) or images from a generator delegate.
/// </summary>
public static class FeatureExtraction
{
    /// <summary>Images per batch unless told otherwise.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>Statistics of the first <paramref name="maxItems"/> images of <paramref name="files"/> (all when null), in order.</summary>
    public static FeatureStatistics ForDataset(ImageFiles files, IFeatureExtractor extractor, int batchSize = DefaultBatchSize,
        long? maxItems = null, bool captureAll = false, IProgress<ExtractionProgress>? progress = null)
    {
        var total = (int)Math.Min(files.Count, maxItems ?? long.MaxValue);
        var first = files.Decode(0);
        var size = (first.Width, first.Height);
        Task<Tensor> Decode(int start) => Task.Run(() => LoadBatch(files, start, Math.Min(batchSize, total - start), size));

        var accumulator = new Accumulator(total, captureAll, progress);
        try
        {
            var next = Decode(0);
            for (var start = 0; start < total; start += batchSize)
            {
                using var images = next.GetAwaiter().GetResult();
                if (start + batchSize < total)
                {
                    next = Decode(start + batchSize);  // decoded while this batch goes through the detector
                }
                using var scope = DisposeScope.Enter();
                accumulator.Add(extractor.Extract(images));
            }
            return accumulator.Finish();
        }
        catch
        {
            accumulator.Abandon();
            throw;
        }
    }

    /// <summary>
    /// Statistics of <paramref name="count"/> images from <paramref name="source"/>, which is called with a batch
    /// size n and returns uint8 images [n, 3, H, W] (for example G_ema quantised as x·127.5 + 128).
    /// </summary>
    public static FeatureStatistics ForGenerator(Func<int, Tensor> source, long count, IFeatureExtractor extractor,
        int batchSize = DefaultBatchSize, bool captureAll = false, IProgress<ExtractionProgress>? progress = null)
    {
        var accumulator = new Accumulator(count, captureAll, progress);
        try
        {
            for (long done = 0; done < count; done += batchSize)
            {
                using var scope = DisposeScope.Enter();
                var n = (int)Math.Min(batchSize, count - done);
                var images = source(n);
                if (images.Dim != 4 || images.Size(0) != n || images.Size(1) != 3 || images.DType != ScalarType.UInt8)
                {
                    throw new InvalidOperationException(
                        $"FeatureExtraction: the image source returned {images.DType} [{string.Join(", ", images.Shape)}] for {n} images; expected uint8 [{n}, 3, H, W]");
                }
                accumulator.Add(extractor.Extract(images));
            }
            return accumulator.Finish();
        }
        catch
        {
            accumulator.Abandon();
            throw;
        }
    }

    /// <summary>
    /// Decodes images [start, start + count) of <paramref name="files"/> in parallel as uint8 [count, 3, H, W]
    /// (outside any dispose scope: the caller disposes it). Every image must be <paramref name="size"/> when given,
    /// else the size of the first.
    /// </summary>
    public static Tensor LoadBatch(ImageFiles files, int start, int count, (int Width, int Height)? size = null)
    {
        var images = new RgbImage[count];
        Parallel.For(0, count, i => images[i] = files.Decode(start + i));
        var (w, h) = size ?? (images[0].Width, images[0].Height);
        var pixels = new byte[(long)count * w * h * 3];
        for (var i = 0; i < count; ++i)
        {
            if (images[i].Width != w || images[i].Height != h)
            {
                throw new InvalidDataException(
                    $"{files.Describe(start + i)}: image is {images[i].Width}×{images[i].Height} but the dataset's images are {w}×{h}; they must share one size");
            }
            images[i].Pixels.CopyTo(pixels, (long)i * w * h * 3);
        }
        using var scope = DisposeScope.Enter();
        return Tensors.FromArray(pixels, [count, h, w, 3]).Permute(0, 3, 1, 2).Contiguous().DetachFromDisposeScope();  // [N, 3, H, W]
    }

    /// <summary>Creates the statistics once the feature length is known and reports progress.</summary>
    private sealed class Accumulator(long total, bool captureAll, IProgress<ExtractionProgress>? progress)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private FeatureStatistics? _stats;

        public void Add(Tensor features)
        {
            _stats ??= new FeatureStatistics((int)features.Size(1), captureAll, total);
            _stats.Append(features);
            progress?.Report(new ExtractionProgress(_stats.Count, total, _stats.Count / Math.Max(1e-9, _clock.Elapsed.TotalSeconds)));
        }

        public FeatureStatistics Finish() =>
            _stats ?? throw new InvalidOperationException("FeatureExtraction: no images to process");

        public void Abandon() => _stats?.Dispose();
    }
}
