using QirenGan.Torch;

namespace QirenGan.Training.Data;

/// <summary>
/// The shuffled order and per-image x-flip decisions of one epoch, drawn from a torch <see cref="Generator"/>
/// seeded by (seed, epoch): randperm(N), then N uniforms (flip where &lt; ½). Depends on nothing else, so any
/// epoch can be regenerated on resume.
/// </summary>
public sealed record EpochOrder(int[] Indices, bool[] Flips)
{
    public static EpochOrder Create(ulong seed, long epoch, int count)
    {
        using var scope = DisposeScope.Enter();
        using var generator = new RandomGenerator(Mix(seed, (ulong)epoch));
        var order = Tensors.RandPerm(count, generator).ToArray<long>();
        var uniforms = Tensors.Rand([count], generator, ScalarType.Float64).ToArray<double>();
        return new EpochOrder(order.Select(i => (int)i).ToArray(), uniforms.Select(u => u < 0.5).ToArray());
    }

    /// <summary>SplitMix64 finaliser of seed and epoch: distinct, well-spread generator seeds per epoch.</summary>
    private static ulong Mix(ulong seed, ulong epoch)
    {
        var z = seed + 0x9E3779B97F4A7C15UL * (epoch + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
