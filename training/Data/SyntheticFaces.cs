using QirenGan.Torch.Imaging;
using QirenGan.Training.Data.Faces;

namespace QirenGan.Training.Data;

/// <summary>
/// A procedural face dataset: the built-in default data for the demo and the tests, since no real face dataset
/// can ship with the project. Face i of a set with seed S is drawn from its own SplitMix64 stream derived from
/// (S, i), so it depends on nothing else (not on the count, the order or the number of threads). Face shape,
/// skin tone, eyes, brows, nose, mouth, hair, clothes, glasses, beard and background vary.
/// </summary>
public static class SyntheticFaces
{
    /// <summary>Smallest and largest resolutions the painter is meant for.</summary>
    public const int MinResolution = 8, MaxResolution = 1024;

    /// <summary>Face <paramref name="index"/> of the set with seed <paramref name="seed"/>, at <paramref name="resolution"/>².</summary>
    public static RgbImage Render(int seed, int index, int resolution) => RenderWithTraits(seed, index, resolution).Image;

    /// <summary>Face <paramref name="index"/> and the traits it was drawn from (labels for classification tasks).</summary>
    public static (RgbImage Image, FaceTraits Traits) RenderWithTraits(int seed, int index, int resolution)
    {
        CheckResolution(resolution);
        var rng = new SplitMix64(SplitMix64.Derive((ulong)(uint)seed, (ulong)index));
        var traits = FaceTraits.Sample(ref rng);
        return (FacePainter.Paint(traits, resolution), traits);
    }

    /// <summary>The file name of face <paramref name="index"/> (sorted names follow the index).</summary>
    public static string FileName(int index) => $"face{index:D6}.png";

    /// <summary>
    /// Writes <paramref name="count"/> faces as PNGs into <paramref name="folder"/> (created if needed), rendering in
    /// parallel; returns the paths.
    /// </summary>
    public static IReadOnlyList<string> WriteFolder(string folder, int count, int resolution, int seed, Action<int, int>? progress = null)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"count must be at least 1, got {count}");
        }
        CheckResolution(resolution);
        Directory.CreateDirectory(folder);
        var paths = new string[count];
        var done = 0;
        Parallel.For(0, count, i =>
        {
            paths[i] = Path.Combine(folder, FileName(i));
            ImageCodec.WritePng(paths[i], Render(seed, i, resolution));
            var n = Interlocked.Increment(ref done);
            if (progress != null && (n % 500 == 0 || n == count))
            {
                progress(n, count);
            }
        });
        return paths;
    }

    public static void CheckResolution(int resolution)
    {
        if (resolution < MinResolution || resolution > MaxResolution)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution),
                $"synthetic faces: resolution {resolution} is outside [{MinResolution}, {MaxResolution}]");
        }
    }
}
