using QirenGan.Torch;

namespace QirenGan.Generator.Inr;

/// <summary>Seeded parameter initialisers (every network draws from its own <see cref="Torch.RandomGenerator"/>, so runs repeat).</summary>
public static class Initialization
{
    /// <summary>Uniform samples in [−bound, bound).</summary>
    public static Tensor Uniform(long[] shape, double bound, Torch.RandomGenerator generator) =>
        Uniform(shape, -bound, bound, generator);

    /// <summary>Uniform samples in [low, high).</summary>
    public static Tensor Uniform(long[] shape, double low, double high, Torch.RandomGenerator generator)
    {
        using var scope = DisposeScope.Enter();
        return Tensors.Rand(shape, generator).Mul(high - low).Add(low).MoveToOuterScope();
    }
}
