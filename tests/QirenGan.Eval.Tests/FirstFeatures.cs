using QirenGan.Eval.Detectors;

namespace QirenGan.Eval.Tests;

/// <summary>
/// The first <c>dims</c> features of another extractor: dataset-level tests use it to keep the Fréchet distance's
/// eigendecompositions small (64² instead of 2048²) while images still go through the TorchScript fixture.
/// </summary>
public sealed class FirstFeatures(IFeatureExtractor inner, int dims) : IFeatureExtractor
{
    public Device Device => inner.Device;

    public string Identity => $"{inner.Identity}:first{dims}";

    public Tensor Extract(Tensor images)
    {
        using var scope = DisposeScope.Enter();
        return inner.Extract(images).Narrow(1, 0, dims).Contiguous().MoveToOuterScope();
    }

    public void Dispose() => inner.Dispose();
}
