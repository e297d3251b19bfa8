using QirenGan.Torch;

namespace QirenGan.Hypernet;

/// <summary>The seed → z convention shared by generate, interpolate and the metrics.</summary>
public static class Latents
{
    /// <summary>
    /// One z per seed: row i is <c>randn([zDim])</c> from <c>new RandomGenerator((ulong)seeds[i])</c> on the CPU, so an
    /// image depends on its seed only (not on batch size or position). Returns [N, zDim] on <paramref name="device"/>.
    /// </summary>
    public static Tensor FromSeeds(IReadOnlyList<int> seeds, int zDim, Device? device = null)
    {
        if (seeds.Count == 0)
        {
            throw new ArgumentException("Latents.FromSeeds: no seeds given");
        }
        if (zDim <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(zDim), $"Latents.FromSeeds: zDim must be positive, got {zDim}");
        }
        using var scope = DisposeScope.Enter();
        var rows = new Tensor[seeds.Count];
        for (var i = 0; i < seeds.Count; ++i)
        {
            if (seeds[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(seeds), $"Latents.FromSeeds: seed {seeds[i]} is negative");
            }
            using var generator = new RandomGenerator((ulong)seeds[i]);
            rows[i] = Tensors.Randn([zDim], generator);
        }
        var z = Tensors.Stack(rows); // [N, zDim]
        return (device is { } d && d != Device.Cpu ? z.To(d) : z).MoveToOuterScope();
    }
}
