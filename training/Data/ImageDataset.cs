using System.Collections.Concurrent;
using QirenGan.Torch.Imaging;

namespace QirenGan.Training.Data;

/// <summary>
/// Training images from a folder (recursive PNG/JPEG/BMP/WebP/GIF) or a StyleGAN2-ADA-style dataset zip, prepared at the
/// training resolution on load: non-square images are center-cropped, then resized with Pillow-exact LANCZOS
/// (antialiased when shrinking; enlarging a small image is allowed and counted). A corrupt image is skipped
/// with a warning and counted, or raises an error naming it when <see cref="Strict"/>. Prepared images are
/// cached in memory up to a byte budget. Thread-safe.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Default cache budget for prepared images (bytes).</summary>
    public const long DefaultCacheBytes = 512L << 20;

    /// <summary>Smallest and largest accepted resolutions.</summary>
    public const int MinResolution = 4, MaxResolution = 4096;

    private readonly ImageFiles _files;
    private readonly byte[]?[] _cache;
    private readonly ConcurrentDictionary<int, bool> _bad = new();
    private readonly ConcurrentDictionary<int, bool> _seen = new();
    private readonly Action<string> _warn;
    private long _cacheLeft;
    private int _skipped, _upscaled, _cropped;

    private ImageDataset(ImageFiles files, int resolution, bool strict, long cacheBytes, Action<string> warn)
    {
        _files = files;
        Resolution = resolution;
        Strict = strict;
        _cacheLeft = cacheBytes;
        _warn = warn;
        _cache = new byte[]?[files.Count];
    }

    /// <summary>
    /// Opens a folder or dataset zip at <paramref name="resolution"/> (a power of two). Missing paths, files that are
    /// not zips and folders/zips without images raise errors naming the path (<see cref="ImageFiles.Open"/>).
    /// </summary>
    /// <param name="path">Folder (searched recursively) or zip file.</param>
    /// <param name="resolution">Side of the prepared square images, a power of two in [4, 4096].</param>
    /// <param name="strict">Raise on the first corrupt image instead of skipping it.</param>
    /// <param name="warn">Where warnings go (default: standard error, prefixed "warning: ").</param>
    /// <param name="cacheBytes">Memory budget for prepared images (0 = no cache).</param>
    public static ImageDataset Open(string path, int resolution, bool strict = false, Action<string>? warn = null,
        long cacheBytes = DefaultCacheBytes)
    {
        CheckResolution(resolution);
        var files = ImageFiles.Open(path);
        return new ImageDataset(files, resolution, strict, cacheBytes, warn ?? (m => Console.Error.WriteLine("warning: " + m)));
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="resolution"/> is a power of two in range.</summary>
    public static void CheckResolution(int resolution)
    {
        if (resolution < MinResolution || resolution > MaxResolution || (resolution & (resolution - 1)) != 0)
        {
            throw new ArgumentException(
                $"resolution {resolution} is not a power of two between {MinResolution} and {MaxResolution} (e.g. 16, 32, 64, 128, 256)");
        }
    }

    /// <summary>The folder or zip (absolute).</summary>
    public string Path => _files.Path;

    /// <summary>Number of image files (including any found corrupt).</summary>
    public int Count => _files.Count;

    public int Resolution { get; }

    public bool Strict { get; }

    /// <summary>Relative name of image <paramref name="index"/>.</summary>
    public string Name(int index) => _files.Names[index];

    /// <summary>Content fingerprint of the image files (see <see cref="ImageFiles.Fingerprint"/>).</summary>
    public string Fingerprint() => _files.Fingerprint();

    /// <summary>Corrupt images found so far (each counted once).</summary>
    public int SkippedCount => Volatile.Read(ref _skipped);

    /// <summary>Images found so far that were smaller than the resolution and enlarged.</summary>
    public int UpscaledCount => Volatile.Read(ref _upscaled);

    /// <summary>Non-square images found so far (center-cropped).</summary>
    public int CroppedCount => Volatile.Read(ref _cropped);

    /// <summary>Image <paramref name="index"/> prepared at R×R; a corrupt image raises <see cref="InvalidDataException"/> naming it.</summary>
    public RgbImage Load(int index)
    {
        var pixels = TryLoadPixels(index, throwOnCorrupt: true)!;
        return new RgbImage(Resolution, Resolution, pixels);
    }

    /// <summary>Image <paramref name="index"/> prepared at R×R, or null when it is corrupt and not <see cref="Strict"/>
    /// (warned about and counted the first time).</summary>
    public RgbImage? TryLoad(int index)
    {
        var pixels = TryLoadPixels(index, throwOnCorrupt: Strict);
        return pixels is null ? null : new RgbImage(Resolution, Resolution, pixels);
    }

    /// <summary>Prepared pixels (H×W×3, do not modify) or null; the shared path of Load and TryLoad.</summary>
    internal byte[]? TryLoadPixels(int index, bool throwOnCorrupt)
    {
        if (_cache[index] is { } cached)
        {
            return cached;
        }
        if (_bad.ContainsKey(index) && !throwOnCorrupt)
        {
            return null;
        }
        RgbImage decoded;
        try
        {
            decoded = _files.Decode(index);
        }
        catch (InvalidDataException e)
        {
            if (throwOnCorrupt)
            {
                throw new InvalidDataException(Strict
                    ? $"{e.Message} (corrupt or unreadable image; --strict stops on it, without --strict it is skipped with a warning)"
                    : $"{e.Message} (corrupt or unreadable image)", e);
            }
            if (_bad.TryAdd(index, true))
            {
                Interlocked.Increment(ref _skipped);
                _warn($"skipping unreadable image {e.Message}");
            }
            return null;
        }
        if (_seen.TryAdd(index, true))
        {
            if (decoded.Width != decoded.Height)
            {
                Interlocked.Increment(ref _cropped);
            }
            if (Math.Min(decoded.Width, decoded.Height) < Resolution)
            {
                Interlocked.Increment(ref _upscaled);
                if (Volatile.Read(ref _upscaled) == 1)
                {
                    _warn($"{_files.Describe(index)} is {decoded.Width}×{decoded.Height}, smaller than {Resolution}×{Resolution}: enlarging it " +
                          "(and any other small image; see the upscaled count)");
                }
            }
        }
        var pixels = ImageResize.ToSquare(decoded, Resolution).Pixels;
        if (Interlocked.Add(ref _cacheLeft, -pixels.Length) >= 0)
        {
            _cache[index] = pixels;
        }
        else
        {
            Interlocked.Add(ref _cacheLeft, pixels.Length);
        }
        return pixels;
    }

    public void Dispose() => _files.Dispose();
}
