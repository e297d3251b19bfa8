using QirenGan.Hypernet;

namespace QirenGan.Hypernet.Tests;

[Collection(TorchCollection.Name)]
public sealed class EqualizedLinearTests
{
    [Fact]
    public void Linear_output_applies_the_equalized_gains_computed_by_hand()
    {
        // Given a 2→1 layer with lr multiplier 0.5 and bias init 3, with its stored weight set to [4, −2]
        using var scope = DisposeScope.Enter();
        using var layer = new EqualizedLinear(2, 1, biasInit: 3, lrMultiplier: 0.5);
        layer.Weight.CopyFrom(Tensors.FromArray(new float[] { 4, -2 }, [1, 2]));

        // When it maps x = [1, 5]
        var y = layer.Forward(Tensors.FromArray(new float[] { 1, 5 }, [1, 2])).ToArray<float>();

        // Then y = (0.5/√2)·(4·1 − 2·5) + 0.5·3
        var expected = 0.5 / Math.Sqrt(2) * (4 - 10) + 0.5 * 3;
        Close.Scalar(expected, y[0], 1e-5);
    }

    [Fact]
    public void Leaky_relu_output_is_scaled_by_root_two_with_slope_two_tenths()
    {
        // Given a 1→2 leaky layer with weights [1, −1] and zero bias
        using var scope = DisposeScope.Enter();
        using var layer = new EqualizedLinear(1, 2, LayerActivation.LeakyRelu);
        layer.Weight.CopyFrom(Tensors.FromArray(new float[] { 1, -1 }, [2, 1]));

        // When it maps x = 3
        var y = layer.Forward(Tensors.FromArray(new float[] { 3 }, [1, 1])).ToArray<float>();

        // Then the positive unit passes 3·√2 and the negative one 0.2·(−3)·√2
        Close.All(new[] { 3 * Math.Sqrt(2), -0.6 * Math.Sqrt(2) }, y.Select(v => (double)v).ToArray(), 1e-5);
    }

    [Fact]
    public void Stored_weight_is_standard_normal_over_the_lr_multiplier()
    {
        // Given a wide layer with lr multiplier 0.01
        using var scope = DisposeScope.Enter();
        using var layer = new EqualizedLinear(256, 256, lrMultiplier: 0.01, generator: new RandomGenerator(3));

        // When we look at the stored weight's standard deviation
        var std = layer.Weight.Value.Std([0L, 1L]).ToDouble();

        // Then it is 1/0.01 up to sampling error (65536 samples: relative error ~0.3%)
        Close.Scalar(100, std, 2);
        Close.Scalar(0.01 / 16, layer.WeightGain, 1e-12);
    }

    [Fact]
    public void Wrong_input_width_is_rejected_with_the_expected_shape()
    {
        using var scope = DisposeScope.Enter();
        using var layer = new EqualizedLinear(4, 2);
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(Tensors.Zeros([3, 5])));
        Assert.Contains("[*, 4]", e.Message);
    }
}
