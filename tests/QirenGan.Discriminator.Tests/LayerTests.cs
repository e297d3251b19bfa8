using QirenGan.Discriminator;

namespace QirenGan.Discriminator.Tests;

[Collection(TorchCollection.Name)]
public sealed class LayerTests
{
    [Fact]
    public void Fir_downsampling_of_a_constant_image_is_constant_inside_and_seven_eighths_at_the_zero_padded_border()
    {
        // Given a constant 8×8 image of value 2
        using var scope = DisposeScope.Enter();
        var x = Tensors.Full([1, 1, 8, 8], 2.0, ScalarType.Float64);

        // When down-sampled like the skip path (padding 1, stride 2)
        var y = FirFilter.Apply(x, FirFilter.Make2d(), padding: 1, stride: 2);

        // Then interior outputs stay 2; each padded side drops the outer tap 1/8 per axis
        Assert.Equal([1L, 1L, 4L, 4L], y.Shape);
        var v = y.ToArray<double>();
        double Weight(int i) => i is 0 or 3 ? 7.0 / 8 : 1.0;
        for (var i = 0; i < 4; ++i)
        {
            for (var j = 0; j < 4; ++j)
            {
                Close.Scalar(2 * Weight(i) * Weight(j), v[i * 4 + j], 1e-12, $"y[{i},{j}]");
            }
        }
    }

    [Fact]
    public void Fir_filter_of_an_impulse_reproduces_the_outer_product_taps()
    {
        // Given an impulse at (4, 4) of an 8×8 image
        using var scope = DisposeScope.Enter();
        var data = new double[64];
        data[4 * 8 + 4] = 1;
        var x = Tensors.FromArray(data, [1, 1, 8, 8]);
        var taps = new double[] { 1, 3, 3, 1 };

        // When blurred like conv1 (padding 2, stride 1) and down-sampled like the skip (padding 1, stride 2)
        var blur = FirFilter.Apply(x, FirFilter.Make2d(), padding: 2, stride: 1).ToArray<double>();
        var down = FirFilter.Apply(x, FirFilter.Make2d(), padding: 1, stride: 2).ToArray<double>();

        // Then the 9×9 blur holds taps[a]·taps[b]/64 at (6 − a, 6 − b) and zero elsewhere
        var expectedBlur = new double[81];
        for (var a = 0; a < 4; ++a)
        {
            for (var b = 0; b < 4; ++b)
            {
                expectedBlur[(6 - a) * 9 + (6 - b)] = taps[a] * taps[b] / 64;
            }
        }
        Close.All(expectedBlur, blur, 1e-15, what: "blur");

        // and the strided one keeps outputs (i, j) with 2i + a = 5: (1,1)=1/64, (1,2)=(2,1)=3/64, (2,2)=9/64
        var expectedDown = new double[16];
        expectedDown[1 * 4 + 1] = 1.0 / 64;
        expectedDown[1 * 4 + 2] = 3.0 / 64;
        expectedDown[2 * 4 + 1] = 3.0 / 64;
        expectedDown[2 * 4 + 2] = 9.0 / 64;
        Close.All(expectedDown, down, 1e-15, what: "down");
    }

    [Fact]
    public void Minibatch_std_matches_a_hand_computation_on_a_tiny_batch()
    {
        // Given N = 4 samples of 2 channels at 1×2 pixels, group size 2 (sample i is in group i mod 2)
        using var scope = DisposeScope.Enter();
        var values = Enumerable.Range(0, 16).Select(i => Math.Sin(1.3 * i) * (1 + i % 3)).ToArray();
        var x = Tensors.FromArray(values, [4, 2, 1, 2]);

        // When the std feature is appended
        var y = MinibatchStd.Apply(x, groupSize: 2, channels: 1);

        // Then channel 2 of sample i is the mean over (c, w) of √(population variance over {i mod 2, i mod 2 + 2} + 1e-8)
        Assert.Equal([4L, 3L, 1L, 2L], y.Shape);
        var output = y.ToArray<double>();
        for (var i = 0; i < 4; ++i)
        {
            int first = i % 2, second = i % 2 + 2;
            var sum = 0.0;
            for (var k = 0; k < 4; ++k)
            {
                var a = values[first * 4 + k];
                var b = values[second * 4 + k];
                var mean = (a + b) / 2;
                sum += Math.Sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean)) / 2 + 1e-8);
            }
            var expected = sum / 4;
            Close.Scalar(expected, output[i * 6 + 4], 1e-12, $"std of sample {i}, pixel 0");
            Close.Scalar(expected, output[i * 6 + 5], 1e-12, $"std of sample {i}, pixel 1");
            Close.All(values.Skip(i * 4).Take(4).ToArray(), output.Skip(i * 6).Take(4).ToArray(), 0, what: $"sample {i} passes through");
        }
    }

    [Fact]
    public void Conv_layer_applies_equalized_gain_lrelu_root_two_and_the_scaled_clamp()
    {
        // Given a 2→1 1×1 leaky conv with stored weight [3, −1], bias 0.5 and clamp 4
        using var scope = DisposeScope.Enter();
        using var conv = new Conv2dLayer(2, 1, 1, leakyRelu: true, clamp: 4);
        conv.Weight.CopyFrom(Tensors.FromArray(new float[] { 3, -1 }, [1, 2, 1, 1]));
        conv.NamedParameters().Single(p => p.Name == "bias").Value.CopyFrom(Tensors.Full([1], 0.5));
        var x = Tensors.FromArray(new float[] { 1, -2, 10, 1, 2, 0 }, [1, 2, 1, 3]); // pixels (1,1), (−2,2), (10,0)

        // When applied with gain ½
        var y = conv.Forward(x, gain: 0.5).ToArray<float>();

        // Then y = clamp(lrelu((3a − b)/√2 + 0.5)·√2·½, ±2)
        double Expected(double a, double b)
        {
            var pre = (3 * a - b) / Math.Sqrt(2) + 0.5;
            var act = (pre > 0 ? pre : 0.2 * pre) * Math.Sqrt(2) * 0.5;
            return Math.Clamp(act, -2, 2);
        }
        Close.All(new[] { Expected(1, 1), Expected(-2, 2), Expected(10, 0) }, y.Select(v => (double)v).ToArray(), 1e-5);
    }
}
