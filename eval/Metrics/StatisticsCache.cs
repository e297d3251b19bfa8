using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QirenGan.Eval.Detectors;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// A folder of real-image feature statistics, so a dataset goes through the detector once (StyleGAN2-ADA caches
/// its reals the same way under ~/.cache/dnnlib/gan-metrics). Entries are keyed by the dataset's content
/// fingerprint, the detector's identity (file hash), the image limit and whether every feature row is kept; moving
/// or renaming the dataset keeps its entry, changing an image or the detector makes a new one. Real mean power
/// spectra (the `spectrum` metric, no detector) are cached beside them, keyed by fingerprint and image limit.
/// </summary>
public sealed class StatisticsCache(string folder)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>~/.cache/qirengan/stats (under $XDG_CACHE_HOME when set).</summary>
    public static string DefaultFolder =>
        Path.Combine(Path.GetDirectoryName(TorchScriptDetector.DefaultCachePath)!, "stats");

    /// <summary>The cache key (hex) of these inputs.</summary>
    public static string Key(ImageFiles files, IFeatureExtractor extractor, long? maxItems, bool captureAll)
    {
        var key = $"qirengan-real-stats-v1\n{files.Fingerprint()}\n{extractor.Identity}\n{Limit(files, maxItems)}\n{captureAll}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    /// <summary>The cached file for these inputs, or null. Only the key counts: the dataset's name is a label.</summary>
    public string? Find(ImageFiles files, IFeatureExtractor extractor, long? maxItems, bool captureAll) =>
        FindKey(Key(files, extractor, maxItems, captureAll));

    /// <summary>The cached file of a key, or null.</summary>
    private string? FindKey(string key) =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, $"*-{key}.safetensors").Order(StringComparer.Ordinal).FirstOrDefault()
            : null;

    /// <summary>Where a new entry goes: the dataset's name and limit label it, the key identifies it.</summary>
    private string EntryPath(ImageFiles files, long? maxItems, string kind, string key)
    {
        var label = Sanitize(Path.GetFileNameWithoutExtension(files.Path.TrimEnd(Path.DirectorySeparatorChar)));
        return Path.Combine(Folder, $"{label}-{Limit(files, maxItems)}{kind}-{key}.safetensors");
    }

    /// <summary>
    /// Cached statistics for the first <paramref name="maxItems"/> images of <paramref name="files"/> when present
    /// (an entry that keeps every row also serves a request that does not), else computed by
    /// <paramref name="compute"/> and stored. <paramref name="hit"/> says which happened.
    /// </summary>
    public FeatureStatistics GetOrCompute(ImageFiles files, IFeatureExtractor extractor, long? maxItems, bool captureAll,
        Func<FeatureStatistics> compute, out bool hit)
    {
        foreach (var candidate in captureAll ? [true] : new[] { false, true })
        {
            if (Find(files, extractor, maxItems, candidate) is { } path)
            {
                hit = true;
                return FeatureStatistics.Load(path).Statistics;
            }
        }
        var stats = compute();
        stats.Save(EntryPath(files, maxItems, captureAll ? "-rows" : "", Key(files, extractor, maxItems, captureAll)), new Dictionary<string, string>
        {
            ["dataset"] = files.Path,
            ["dataset_fingerprint"] = files.Fingerprint(),
            ["detector"] = extractor.Identity,
        });
        hit = false;
        return stats;
    }

    /// <summary>The cache key (hex) of a real power spectrum.</summary>
    public static string SpectrumKey(ImageFiles files, long? maxItems)
    {
        var key = $"qirengan-real-spectrum-v1\n{files.Fingerprint()}\n{Limit(files, maxItems)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    /// <summary>
    /// The cached mean power spectrum of the first <paramref name="maxItems"/> images of <paramref name="files"/>
    /// when present, else computed by <paramref name="compute"/> and stored. <paramref name="hit"/> says which happened.
    /// </summary>
    public PowerSpectrum GetOrComputeSpectrum(ImageFiles files, long? maxItems, Func<PowerSpectrum> compute, out bool hit)
    {
        var key = SpectrumKey(files, maxItems);
        if (FindKey(key) is { } path)
        {
            hit = true;
            return PowerSpectrum.Load(path);
        }
        var spectrum = compute();
        spectrum.Save(EntryPath(files, maxItems, "-spectrum", key), new Dictionary<string, string>
        {
            ["dataset"] = files.Path,
            ["dataset_fingerprint"] = files.Fingerprint(),
        });
        hit = false;
        return spectrum;
    }

    private static string Limit(ImageFiles files, long? maxItems) =>
        maxItems is { } m && m < files.Count ? m.ToString(CultureInfo.InvariantCulture) : "all";

    private static string Sanitize(string name)
    {
        var clean = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return clean.Length == 0 ? "dataset" : clean[..Math.Min(clean.Length, 40)];
    }
}
