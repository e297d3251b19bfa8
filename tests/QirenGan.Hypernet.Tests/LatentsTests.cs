using QirenGan.Hypernet;

namespace QirenGan.Hypernet.Tests;

[Collection(TorchCollection.Name)]
public sealed class LatentsTests
{
    [Fact]
    public void Each_row_is_the_seeds_own_normal_draw_whatever_its_position()
    {
        using var scope = DisposeScope.Enter();
        var z = Latents.FromSeeds([5, 0, 5], 4);
        var alone = Tensors.Randn([4], new RandomGenerator(5)).ToArray<float>();

        var rows = z.ToArray<float>();
        Assert.Equal([3L, 4L], z.Shape);
        Assert.Equal(alone, rows.Take(4));
        Assert.Equal(alone, rows.Skip(8));
        Assert.NotEqual(alone, rows.Skip(4).Take(4));
    }

    [Fact]
    public void Negative_seeds_and_empty_lists_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Latents.FromSeeds([-1], 4));
        Assert.Throws<ArgumentException>(() => Latents.FromSeeds([], 4));
    }
}
