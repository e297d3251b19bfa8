using QirenGan.Eval.Grids;

namespace QirenGan.Eval.Tests.Grids;

[Collection(TorchCollection.Name)]
public sealed class DivergingColorMapTests
{
    [Fact]
    public void Ends_and_middle_are_ColorBrewer_RdBu_and_images_come_out_channel_first()
    {
        // Given two 1×3 maps: −1, 0, +1 and out-of-range values −5, 0.6 (on the 9th of the 11 classes), 5
        using var scope = DisposeScope.Enter();
        var values = Tensors.FromArray(new[] { -1f, 0f, 1f, -5f, 0.6f, 5f }, [2, 1, 3]);

        // When they are coloured
        var rgb = DivergingColorMap.Apply(values);

        // Then −1 is RdBu's darkest blue, 0 its white, +1 its darkest red (ColorBrewer RdBu, 11 classes), values
        // beyond ±1 are clamped, 0.6 is class 9 of 11 (#d6604d: the classes sit 0.2 apart), and the layout is [N, 3, H, W]
        Assert.Equal(new long[] { 2, 3, 1, 3 }, rgb.Shape);
        Assert.Equal(ScalarType.UInt8, rgb.DType);
        var p = rgb.ToArray<byte>();
        (byte, byte, byte) Pixel(int n, int x) => (p[(n * 3 + 0) * 3 + x], p[(n * 3 + 1) * 3 + x], p[(n * 3 + 2) * 3 + x]);
        Assert.Equal(((byte)5, (byte)48, (byte)97), Pixel(0, 0));
        Assert.Equal(((byte)247, (byte)247, (byte)247), Pixel(0, 1));
        Assert.Equal(((byte)103, (byte)0, (byte)31), Pixel(0, 2));
        Assert.Equal(Pixel(0, 0), Pixel(1, 0));
        Assert.Equal(((byte)0xd6, (byte)0x60, (byte)0x4d), Pixel(1, 1));
        Assert.Equal(Pixel(0, 2), Pixel(1, 2));
    }
}
