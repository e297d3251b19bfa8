using QirenGan.Torch;

namespace QirenGan.Eval.Detectors;

/// <summary>Turns images into feature vectors (the Inception pool3 features for FID/KID).</summary>
public interface IFeatureExtractor : IDisposable
{
    /// <summary>Where the network runs.</summary>
    Device Device { get; }

    /// <summary>What identifies this extractor's weights in cache keys (for a file: its SHA-256).</summary>
    string Identity { get; }

    /// <summary>Features for uint8 images [N, 3, H, W] (any device) → float32 [N, D] on the CPU, batched internally.</summary>
    Tensor Extract(Tensor images);
}
