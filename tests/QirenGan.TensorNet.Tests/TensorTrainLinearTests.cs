using QirenGan.TensorNet;

namespace QirenGan.TensorNet.Tests;

[Collection(TorchCollection.Name)]
public sealed class TensorTrainLinearTests
{
    public static TheoryData<int, int, int[], int[], int[]> Shapes => new()
    {
        { 12, 6, [3, 4], [2, 3], [3] },
        { 16, 8, [2, 2, 4], [2, 2, 2], [2, 3] },
        { 7, 5, [3, 3], [2, 3], [2] },          // padded input (9 ≥ 7) and truncated output (6 ≥ 5)
        { 5, 4, [5], [4], [] },                // one core: a plain dense matrix
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_equals_x_times_the_dense_weight_in_float64(int nIn, int nOut, int[] inModes, int[] outModes, int[] ranks)
    {
        // Given a TT layer with a non-zero bias
        using var scope = DisposeScope.Enter();
        using var layer = new TensorTrainLinear(new TensorTrainShape(nIn, nOut, inModes, outModes, ranks), biasInit: 0.3,
            lrMultiplier: 0.5, generator: new RandomGenerator(7), dtype: ScalarType.Float64);
        var x = Tensors.Randn([5, nIn], new RandomGenerator(8), ScalarType.Float64);

        // When it maps x, and we multiply x by its dense weight instead
        var y = layer.Forward(x).ToArray<double>();
        var w = layer.ToDense();
        var expected = x.Mm(w.T()).Add(0.3 * 0.5).ToArray<double>();

        // Then both agree to rounding
        Assert.Equal([(long)nOut, nIn], w.Shape);
        Close.All(expected, y, 1e-10);
    }

    [Fact]
    public void Dense_weight_is_the_product_of_core_slices_element_by_element()
    {
        // Given a 3-core TT (modes 2·3·2 → 3·2·2, ranks 2, 3)
        using var scope = DisposeScope.Enter();
        var shape = new TensorTrainShape(12, 12, [2, 3, 2], [3, 2, 2], [2, 3]);
        using var layer = new TensorTrainLinear(shape, generator: new RandomGenerator(3), dtype: ScalarType.Float64);
        var cores = Enumerable.Range(0, 3).Select(k => layer.Core(k).Value.Mul(layer.CoreGain(k)).ToArray<double>()).ToArray();

        // When W[j, i] is computed by hand as G_1[0, j1, i1, :]·G_2[:, j2, i2, :]·G_3[:, j3, i3, 0]
        var expected = new double[12 * 12];
        for (var j = 0; j < 12; ++j)
        {
            for (var i = 0; i < 12; ++i)
            {
                int[] jd = [j / 4, j / 2 % 2, j % 2], id = [i / 6, i / 2 % 3, i % 2];
                var row = new double[] { 1 };
                for (var k = 0; k < 3; ++k)
                {
                    var s = shape.CoreShape(k);
                    var next = new double[s[3]];
                    for (var a = 0; a < s[0]; ++a)
                    {
                        for (var b = 0; b < s[3]; ++b)
                        {
                            next[b] += row[a] * cores[k][((a * s[1] + jd[k]) * s[2] + id[k]) * s[3] + b];
                        }
                    }
                    row = next;
                }
                expected[j * 12 + i] = row[0];
            }
        }

        // Then ToDense holds the same numbers
        Close.All(expected, layer.ToDense().ToArray<double>(), 1e-12);
    }

    [Fact]
    public void Gradients_match_finite_differences()
    {
        // Given a TT layer and the loss L = Σ c ⊙ layer(x)
        using var scope = DisposeScope.Enter();
        using var layer = new TensorTrainLinear(new TensorTrainShape(6, 4, [2, 3], [2, 2], [2]), biasInit: 1,
            generator: new RandomGenerator(11), dtype: ScalarType.Float64);
        var x0 = Tensors.Randn([3, 6], new RandomGenerator(12), ScalarType.Float64).ToArray<double>();
        var c = Tensors.Randn([3, 4], new RandomGenerator(13), ScalarType.Float64);
        var core1 = layer.Core(1).Value.ToArray<double>();
        double Loss(Tensor x) => layer.Forward(x).Mul(c).Sum().ToDouble();

        // When autograd differentiates it with respect to the input and core 1
        var x = Tensors.FromArray(x0, [3, 6]);
        x.RequiresGrad = true;
        layer.Forward(x).Mul(c).Sum().Backward();
        var gx = x.Grad!.ToArray<double>();
        var gCore = layer.Core(1).Value.Grad!.ToArray<double>();

        // Then both gradients equal central finite differences
        Close.All(FiniteDifferences.Gradient(Loss, x0, [3, 6]), gx, 1e-7);
        var fdCore = FiniteDifferences.Gradient(t =>
        {
            layer.Core(1).CopyFrom(t);
            return Loss(Tensors.FromArray(x0, [3, 6]));
        }, core1, layer.Core(1).Shape);
        Close.All(fdCore, gCore, 1e-7);
    }

    [Fact]
    public void Parameter_count_equals_the_closed_form()
    {
        // 256 → 256 with 4 cores of 4×4 and rank 3: 1·4·4·3 + 3·4·4·3 + 3·4·4·3 + 3·4·4·1 = 48 + 144 + 144 + 48, + 256 bias
        using var scope = DisposeScope.Enter();
        var shape = TensorTrainShape.Create(256, 256, cores: 4, rank: 3);
        using var layer = new TensorTrainLinear(shape);
        Assert.Equal([4, 4, 4, 4], shape.InModes);
        Assert.Equal(48 + 144 + 144 + 48 + 256, layer.ParameterCount);
        Assert.Equal(layer.ParameterCount, shape.ParameterCount(bias: true));
    }

    [Fact]
    public void Unit_variance_inputs_give_unit_variance_outputs()
    {
        // Given 96 → 64 TT layers (modes 6·4·4 → 4·4·4, ranks 4) drawn with 8 seeds
        using var scope = DisposeScope.Enter();
        var variances = new List<double>();
        for (var seed = 0; seed < 8; ++seed)
        {
            using var layer = new TensorTrainLinear(TensorTrainShape.Create(96, 64, cores: 3, rank: 4), bias: false,
                lrMultiplier: 0.01, generator: new RandomGenerator((ulong)seed));
            var x = Tensors.Randn([512, 96], new RandomGenerator(100 + (ulong)seed));

            // When it maps standard normal inputs
            variances.Add(layer.Forward(x).Square().Mean().ToDouble());
        }

        // Then the mean output second moment is 1 (measured; weight-draw spread ~±0.1 per seed)
        Close.Scalar(1, variances.Average(), 0.12, "mean output second moment");
    }

    [Fact]
    public void Padded_widths_keep_unit_output_variance()
    {
        using var scope = DisposeScope.Enter();
        var variances = new List<double>();
        for (var seed = 0; seed < 8; ++seed)
        {
            using var layer = new TensorTrainLinear(TensorTrainShape.Create(37, 29, cores: 2, rank: 3), bias: false,
                generator: new RandomGenerator((ulong)seed));
            variances.Add(layer.Forward(Tensors.Randn([512, 37], new RandomGenerator(50 + (ulong)seed))).Square().Mean().ToDouble());
        }
        Close.Scalar(1, variances.Average(), 0.15, "mean output second moment");
    }

    [Fact]
    public void Bad_sizes_are_rejected_with_a_clear_message()
    {
        var rank = Assert.Throws<ArgumentException>(() => TensorTrainShape.Create(16, 16, cores: 2, rank: 0));
        Assert.Contains("rank", rank.Message);
        var prime = Assert.Throws<ArgumentException>(() => TensorTrainShape.Create(7, 16, cores: 2, rank: 2, allowPadding: false));
        Assert.Contains("7 does not factor", prime.Message);
        var modes = Assert.Throws<ArgumentException>(() => new TensorTrainShape(16, 16, [2, 2], [4, 4], [2]).Validate());
        Assert.Contains("cannot hold", modes.Message);
    }

    [Fact]
    public void Wrong_input_width_names_the_expected_shape()
    {
        using var scope = DisposeScope.Enter();
        using var layer = new TensorTrainLinear(TensorTrainShape.Create(16, 16, cores: 2, rank: 2));
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(Tensors.Zeros([2, 15])));
        Assert.Contains("[B, 16]", e.Message);
    }
}
