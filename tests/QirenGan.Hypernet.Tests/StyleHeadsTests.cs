using QirenGan.Hypernet;

namespace QirenGan.Hypernet.Tests;

[Collection(TorchCollection.Name)]
public sealed class StyleHeadsTests
{
    private static readonly ParameterSlot[] Slots =
    [
        new("fmm0", [40], SlotKind.Modulation),
        new("theta", [3, 2, 2, 3], SlotKind.CircuitAngles),
        new("torgb", [32], SlotKind.RgbStyle),
    ];

    [Fact]
    public void Every_declared_slot_is_filled_with_its_declared_shape()
    {
        using var scope = DisposeScope.Enter();
        using var heads = new StyleHeads(Slots, 8, new RandomGenerator(1));
        var ws = Tensors.Randn([2, heads.NumSlots, 8], new RandomGenerator(2));

        var outputs = heads.Forward(ws);

        Assert.Equal(3, heads.NumSlots);
        Assert.Equal(Slots.Select(s => s.Name).Order(), outputs.Keys.Order());
        foreach (var slot in Slots)
        {
            Assert.Equal([2L, .. slot.Shape], outputs[slot.Name].Shape);
        }
        Assert.Equal(40 * 9 + 36 * 9 + 32 * 9, heads.ParameterCount);
    }

    [Fact]
    public void Rgb_styles_start_at_one_and_modulations_and_angles_at_zero_for_w_zero()
    {
        // Given fresh heads and w = 0 (the output is then the effective bias)
        using var scope = DisposeScope.Enter();
        using var heads = new StyleHeads(Slots, 8, new RandomGenerator(1));

        var outputs = heads.Forward(Tensors.Zeros([1, 8]));

        Assert.All(outputs["torgb"].ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(outputs["fmm0"].ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(outputs["theta"].ToArray<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Circuit_angle_heads_start_a_hundred_times_smaller_than_modulation_heads()
    {
        // Given heads fed unit-variance w
        using var scope = DisposeScope.Enter();
        using var heads = new StyleHeads([new("fmm", [512], SlotKind.Modulation), new("theta", [512], SlotKind.CircuitAngles)],
            64, new RandomGenerator(1));
        var outputs = heads.Forward(Tensors.Randn([64, 64], new RandomGenerator(2)));

        // Then modulation styles have std ≈ 1 (equalised lr) and angles ≈ 0.01
        Close.Scalar(1.0, outputs["fmm"].Std([0L, 1L]).ToDouble(), 0.05);
        Close.Scalar(0.01, outputs["theta"].Std([0L, 1L]).ToDouble(), 0.0005);
    }

    [Fact]
    public void Slot_i_reads_the_i_th_w()
    {
        // Given ws where only slot 1's w is non-zero
        using var scope = DisposeScope.Enter();
        using var heads = new StyleHeads(Slots, 8, new RandomGenerator(1));
        var ws = Tensors.Zeros([1, 3, 8]);
        ws.Select(1, 1).Fill_(1);

        var outputs = heads.Forward(ws);

        // Then slots 0 and 2 stay at their bias and slot 1 moves
        Assert.All(outputs["fmm0"].ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(outputs["torgb"].ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.Contains(outputs["theta"].ToArray<float>(), v => v != 0f);
    }

    [Fact]
    public void Bad_declarations_and_inputs_are_rejected_clearly()
    {
        using var scope = DisposeScope.Enter();
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() =>
            new StyleHeads([new("a", [1], SlotKind.Modulation), new("a", [2], SlotKind.RgbStyle)], 4)).Message);
        Assert.Contains("'a.b'", Assert.Throws<ArgumentException>(() =>
            new StyleHeads([new("a.b", [1], SlotKind.Modulation)], 4)).Message);
        using var heads = new StyleHeads(Slots, 8);
        Assert.Contains("[B, 3, 8]", Assert.Throws<ArgumentException>(() => heads.Forward(Tensors.Zeros([1, 2, 8]))).Message);
    }
}
