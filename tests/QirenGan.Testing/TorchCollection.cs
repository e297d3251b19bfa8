using Xunit;

namespace QirenGan.Testing;

/// <summary>
/// libtorch has process-wide state (thread pools, grad mode per thread, global RNG); tests that touch it run in
/// this one collection, one at a time. Put <c>[Collection(TorchCollection.Name)]</c> on every such class.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "libtorch";
}

/// <summary>A fact that runs only where a CUDA device is present, and says why it was skipped otherwise.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!QirenGan.Torch.TorchRuntime.CudaAvailable)
        {
            Skip = "needs a CUDA device and a CUDA build of the native library (scripts/setup.sh --cuda); none here";
        }
    }
}
