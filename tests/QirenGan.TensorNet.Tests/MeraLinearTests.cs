using QirenGan.TensorNet;

namespace QirenGan.TensorNet.Tests;

[Collection(TorchCollection.Name)]
public sealed class MeraLinearTests
{
    public static TheoryData<int, int, int, int, int> Shapes => new()
    {
        // in, out, χ, leg dimension d, output legs
        { 16, 16, 3, 2, 2 },   // one level: 4 legs of 2 → 2 legs of 4
        { 256, 64, 3, 2, 2 },  // two levels: 8 legs of 2 → 4 legs of χ → 2 legs of 8
        { 10, 5, 2, 2, 1 },    // padded 10 → 16 inputs, one output leg of 5 (the top tensor)
        { 81, 9, 2, 3, 2 },    // legs of dimension 3
        { 64, 64, 2, 2, 1 },   // three levels: the last has 2 legs and no disentangler
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_equals_x_times_the_dense_weight_in_float64(int nIn, int nOut, int chi, int legDim, int outputLegs)
    {
        // Given a MERA layer with a non-zero bias
        using var scope = DisposeScope.Enter();
        using var layer = new MeraLinear(MeraShape.Create(nIn, nOut, chi, legDim, outputLegs), biasInit: -0.2,
            lrMultiplier: 0.5, generator: new RandomGenerator(5), dtype: ScalarType.Float64);
        var x = Tensors.Randn([4, nIn], new RandomGenerator(6), ScalarType.Float64);

        // When it maps x, and we multiply x by its dense weight (built from Kronecker products) instead
        var y = layer.Forward(x).ToArray<double>();
        var w = layer.ToDense();
        var expected = x.Mm(w.T()).Add(-0.2 * 0.5).ToArray<double>();

        // Then both agree to rounding
        Assert.Equal([(long)nOut, nIn], w.Shape);
        Close.All(expected, y, 1e-10);
    }

    [Fact]
    public void Identity_disentanglers_and_merging_isometries_give_the_identity()
    {
        // Given 256 → 256 with χ = 4: level 1 merges pairs of 2-legs into 4-legs, level 2 pairs of 4-legs into 16-legs
        using var scope = DisposeScope.Enter();
        var shape = MeraShape.Create(256, 256, bondDim: 4);
        using var layer = new MeraLinear(shape, bias: false, dtype: ScalarType.Float64);
        for (var level = 1; level <= shape.Levels; ++level)
        {
            var d = shape.DimAfter(level - 1);
            var gain = layer.TensorGain(level);
            for (var k = 0; k < shape.Disentanglers(level); ++k)
            {
                layer.Disentangler(level, k).CopyFrom(Tensors.Eye(d * d, ScalarType.Float64).Reshape(d, d, d, d).Div(gain));
            }
            for (var k = 0; k < shape.Isometries(level); ++k)
            {
                // V[c, a, b] = δ(c, a·D + b): the pair (a, b) becomes one leg c without mixing
                layer.Isometry(level, k).CopyFrom(Tensors.Eye(d * d, ScalarType.Float64).Reshape(d * d, d, d).Div(gain));
            }
        }

        // When it maps x; then y = x, and W = I
        var x = Tensors.Randn([3, 256], new RandomGenerator(1), ScalarType.Float64);
        Close.All(x.ToArray<double>(), layer.Forward(x).ToArray<double>(), 1e-12);
        Close.All(Tensors.Eye(256, ScalarType.Float64).ToArray<double>(), layer.ToDense().ToArray<double>(), 1e-12);
    }

    [Fact]
    public void Swap_disentanglers_and_keep_left_isometries_give_the_derived_selection_map()
    {
        // Given 16 → 4 (4 legs of 2 → 2 legs of 2, one level), disentanglers SWAP on the pairs (1,2) and (3,0), and
        // isometries V[c, a, b] = δ(c, a) that keep the left leg and sum over the right one.
        // By hand: after the swaps, leg 0 holds old leg 3 and leg 2 holds old leg 1; the isometries keep legs 0 and 2,
        // so y[2·o0 + o1] = Σ x[i] over i = 8·i0 + 4·i1 + 2·i2 + i3 with i3 = o0 and i1 = o1.
        using var scope = DisposeScope.Enter();
        var shape = MeraShape.Create(16, 4, bondDim: 2, outputLegs: 2);
        using var layer = new MeraLinear(shape, bias: false, dtype: ScalarType.Float64);
        var swap = new double[16];
        var keepLeft = new double[8];
        for (var a = 0; a < 2; ++a)
        {
            for (var b = 0; b < 2; ++b)
            {
                swap[((b * 2 + a) * 2 + a) * 2 + b] = 1; // U[a′ = b, b′ = a, a, b]
                keepLeft[(a * 2 + a) * 2 + b] = 1;       // V[c = a, a, b]
            }
        }
        var gain = layer.TensorGain(1);
        for (var k = 0; k < 2; ++k)
        {
            layer.Disentangler(1, k).CopyFrom(Tensors.FromArray(swap, [2, 2, 2, 2]).Div(gain));
            layer.Isometry(1, k).CopyFrom(Tensors.FromArray(keepLeft, [2, 2, 2]).Div(gain));
        }
        var expected = new double[4 * 16];
        for (var i = 0; i < 16; ++i)
        {
            expected[(2 * (i & 1) + (i >> 2 & 1)) * 16 + i] = 1;
        }

        // When we read its dense weight and map the basis vectors
        var w = layer.ToDense().ToArray<double>();
        var y = layer.Forward(Tensors.Eye(16, ScalarType.Float64)).T().Contiguous().ToArray<double>();

        // Then both are the derived selection map
        Close.All(expected, w, 1e-12, what: "ToDense");
        Close.All(expected, y, 1e-12, what: "Forward");
    }

    [Fact]
    public void Gradients_match_finite_differences()
    {
        // Given a two-level MERA 16 → 4: 4 legs of 2 → 2 legs of χ = 3 → 1 output leg of 4
        using var scope = DisposeScope.Enter();
        using var layer = new MeraLinear(MeraShape.Create(16, 4, bondDim: 3, outputLegs: 1), biasInit: 1,
            generator: new RandomGenerator(21), dtype: ScalarType.Float64);
        Assert.Equal(2, layer.Shape.Levels);
        var x0 = Tensors.Randn([2, 16], new RandomGenerator(22), ScalarType.Float64).ToArray<double>();
        var c = Tensors.Randn([2, 4], new RandomGenerator(23), ScalarType.Float64);
        double Loss(Tensor x) => layer.Forward(x).Mul(c).Sum().ToDouble();

        // When autograd differentiates L = Σ c ⊙ layer(x) with respect to x, a disentangler and the top isometry
        var x = Tensors.FromArray(x0, [2, 16]);
        x.RequiresGrad = true;
        layer.Forward(x).Mul(c).Sum().Backward();
        var gx = x.Grad!.ToArray<double>();
        var dis = layer.Disentangler(1, 1);
        var iso = layer.Isometry(2, 0);
        var gDis = dis.Value.Grad!.ToArray<double>();
        var gIso = iso.Value.Grad!.ToArray<double>();

        // Then every gradient equals central finite differences
        Close.All(FiniteDifferences.Gradient(Loss, x0, [2, 16]), gx, 1e-7, what: "dL/dx");
        foreach (var (p, g, what) in new[] { (dis, gDis, "dL/dU"), (iso, gIso, "dL/dV") })
        {
            var p0 = p.Value.ToArray<double>();
            var fd = FiniteDifferences.Gradient(t =>
            {
                p.CopyFrom(t);
                return Loss(Tensors.FromArray(x0, [2, 16]));
            }, p0, p.Shape);
            p.CopyFrom(Tensors.FromArray(p0, p.Shape));
            Close.All(fd, g, 1e-7, what: what);
        }
    }

    [Fact]
    public void Parameter_count_equals_the_closed_form()
    {
        // 256 → 256, χ = 4: level 1 has 4 disentanglers of 2⁴ and 4 isometries of 4·2²; level 2 has 2 disentanglers
        // of 4⁴ and 2 isometries of 16·4²: 64 + 64 + 512 + 512 = 1152 weights, + 256 bias.
        using var scope = DisposeScope.Enter();
        var shape = MeraShape.Create(256, 256, bondDim: 4);
        using var layer = new MeraLinear(shape);
        Assert.Equal((8, 2, 16, 2), (shape.InputLegs, shape.Levels, shape.OutLegDim, shape.OutputLegs));
        Assert.Equal(1152 + 256, layer.ParameterCount);
        Assert.Equal(layer.ParameterCount, shape.ParameterCount(bias: true));
        // χ = 2: 64 + 4·2·4 + 2·2⁴ + 2·16·2² = 64 + 32 + 32 + 128 = 256 weights
        Assert.Equal(256, MeraShape.Create(256, 256, bondDim: 2).ParameterCount(bias: false));
    }

    [Theory]
    [InlineData(256, 256, 4, 2)]
    [InlineData(10, 5, 2, 1)]
    public void Unit_variance_inputs_give_unit_variance_outputs(int nIn, int nOut, int chi, int outputLegs)
    {
        // Given MERA layers drawn with 8 seeds (lr multiplier 0.01 as in the mapping network)
        using var scope = DisposeScope.Enter();
        var variances = new List<double>();
        for (var seed = 0; seed < 8; ++seed)
        {
            using var layer = new MeraLinear(MeraShape.Create(nIn, nOut, chi, outputLegs: outputLegs), bias: false,
                lrMultiplier: 0.01, generator: new RandomGenerator((ulong)seed));

            // When it maps standard normal inputs
            var x = Tensors.Randn([512, nIn], new RandomGenerator(200 + (ulong)seed));
            variances.Add(layer.Forward(x).Square().Mean().ToDouble());
        }

        // Then the mean output second moment is 1 (measured over weight draws)
        Close.Scalar(1, variances.Average(), 0.15, "mean output second moment");
    }

    [Fact]
    public void Bad_sizes_are_rejected_with_a_clear_message()
    {
        var chi = Assert.Throws<ArgumentException>(() => MeraShape.Create(16, 16, bondDim: 0));
        Assert.Contains("bond dimension", chi.Message);
        var pad = Assert.Throws<ArgumentException>(() => MeraShape.Create(10, 16, bondDim: 2, allowPadding: false));
        Assert.Contains("padding is off", pad.Message);
        var outPad = Assert.Throws<ArgumentException>(() => MeraShape.Create(16, 10, bondDim: 2, allowPadding: false));
        Assert.Contains("10 outputs", outPad.Message);
        var leg = Assert.Throws<ArgumentException>(() => MeraShape.Create(16, 16, bondDim: 2, legDim: 1));
        Assert.Contains("leg dimension", leg.Message);
    }
}
