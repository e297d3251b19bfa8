using System.Security.Cryptography;
using QirenGan.Torch;

namespace QirenGan.Eval.Detectors;

/// <summary>
/// StyleGAN2-ADA's TorchScript Inception-v3 detector (<c>inception-2015-12-05.pt</c>, the 2015-12-05 TensorFlow
/// graph that the original FID code uses, converted by NVIDIA), called as StyleGAN2-ADA's
/// <c>metrics/metric_utils.py</c> does: <c>detector(images_uint8, return_features=True)</c> → [N, 2048]. The module
/// resizes to 299×299 with TF1's bilinear resize and maps pixels by (x − 128)/128 itself, which is why its
/// numbers agree with published FIDs; callers give raw uint8 RGB at the dataset's resolution.
/// </summary>
public sealed class TorchScriptDetector : IFeatureExtractor
{
    public const string FileName = "inception-2015-12-05.pt";

    public const string DownloadUrl =
        "https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/inception-2015-12-05.pt";

    /// <summary>The environment variable that points to the detector file when --detector is not given.</summary>
    public const string EnvironmentVariable = "QIRENGAN_DETECTOR";

    /// <summary>Images per forward call unless told otherwise (the real detector needs ~60 MB of activations per image).</summary>
    public const int DefaultBatchSize = 32;

    private readonly TorchScript _module;
    private string? _identity;

    private TorchScriptDetector(TorchScript module, Device device, int batchSize)
    {
        _module = module;
        Device = device;
        BatchSize = batchSize;
    }

    public string Path => _module.Path;

    public Device Device { get; }

    /// <summary>Images per forward call.</summary>
    public int BatchSize { get; }

    /// <summary>SHA-256 of the detector file (computed once).</summary>
    public string Identity => _identity ??= HashFile(Path);

    /// <summary>~/.cache/qirengan/inception-2015-12-05.pt (under $XDG_CACHE_HOME when set).</summary>
    public static string DefaultCachePath
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
            {
                cache = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }
            return System.IO.Path.Combine(cache, "qirengan", FileName);
        }
    }

    /// <summary>
    /// The detector file: <paramref name="option"/> (--detector) when given, else $QIRENGAN_DETECTOR, else
    /// <see cref="DefaultCachePath"/>. A missing file raises <see cref="DetectorNotFoundException"/> naming the place
    /// looked at, the download URL, the option, the environment variable and the cache path.
    /// </summary>
    public static string Locate(string? option = null)
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var (path, source) = !string.IsNullOrEmpty(option) ? (option, "--detector")
            : !string.IsNullOrEmpty(env) ? (env, $"${EnvironmentVariable}")
            : (DefaultCachePath, "the cache path");
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return full;
        }
        throw new DetectorNotFoundException(
            $"Inception detector not found at {full} (from {source}). Download {DownloadUrl} (about 100 MB, StyleGAN2-ADA's " +
            $"detector) and pass --detector PATH, or set {EnvironmentVariable}=PATH, or save it as {DefaultCachePath}.", full);
    }

    /// <summary>Loads a detector file onto <paramref name="device"/> (CPU by default).</summary>
    public static TorchScriptDetector Load(string path, Device? device = null, int batchSize = DefaultBatchSize)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"TorchScriptDetector: batch size must be positive, got {batchSize}");
        }
        var d = device ?? Device.Cpu;
        return new TorchScriptDetector(TorchScript.Load(path, d), d, batchSize);
    }

    public Tensor Extract(Tensor images)
    {
        if (images.Dim != 4 || images.Size(1) != 3 || images.DType != ScalarType.UInt8)
        {
            throw new ArgumentException(
                $"TorchScriptDetector: expected uint8 images [N, 3, H, W], got {images.DType} [{string.Join(", ", images.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        using var _ = Autograd.NoGrad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.Size(0); start += BatchSize)
        {
            var batch = images.Narrow(0, start, Math.Min(BatchSize, images.Size(0) - start)).To(Device);
            var features = _module.Forward(batch, true);
            if (features.Dim != 2 || features.Size(0) != batch.Size(0))
            {
                throw new InvalidDataException(
                    $"{Path}: the detector returned [{string.Join(", ", features.Shape)}] for {batch.Size(0)} images; expected [N, D] features (is it StyleGAN2-ADA's {FileName}?)");
            }
            parts.Add(features.To(Device.Cpu, ScalarType.Float32));
        }
        if (parts.Count == 0)
        {
            throw new ArgumentException("TorchScriptDetector: no images given");
        }
        return (parts.Count == 1 ? parts[0] : Tensors.Cat([.. parts])).MoveToOuterScope();
    }

    public void Dispose() => _module.Dispose();

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
