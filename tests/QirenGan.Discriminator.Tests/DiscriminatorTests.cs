using QirenGan.Discriminator;

namespace QirenGan.Discriminator.Tests;

[Collection(TorchCollection.Name)]
public sealed class DiscriminatorTests
{
    [Fact]
    public void Official_qiren_32x32_configuration_has_exactly_1346305_parameters()
    {
        using var scope = DisposeScope.Enter();
        using var d = new Discriminator(DiscriminatorOptions.OfficialQiren32);

        // The official QIREN GAN's D (StyleGAN2-ADA at 32×32, 128 channels everywhere) has 1,346,305 parameters.
        Assert.Equal(1_346_305, d.ParameterCount);
        Assert.All(new[] { 32, 16, 8, 4 }, r => Assert.Equal(128, DiscriminatorOptions.OfficialQiren32.Channels(r)));
    }

    [Fact]
    public void Parameter_names_follow_stylegan2_ada()
    {
        using var scope = DisposeScope.Enter();
        using var d = new Discriminator(new DiscriminatorOptions(16, ChannelBase: 64, ChannelMax: 4));
        var names = d.NamedParameters().Select(p => p.Name).ToHashSet();
        Assert.Contains("b16.fromrgb.weight", names);
        Assert.Contains("b16.conv1.bias", names);
        Assert.Contains("b8.skip.weight", names);
        Assert.DoesNotContain("b8.fromrgb.weight", names);
        Assert.Contains("b4.fc.weight", names);
        Assert.Contains("b4.out.bias", names);
        Assert.DoesNotContain("b16.skip.bias", names);
    }

    [Theory]
    [InlineData(16, 2)]
    [InlineData(32, 4)]
    [InlineData(64, 8)]
    public void Images_become_one_logit_each(int resolution, int batch)
    {
        using var scope = DisposeScope.Enter();
        using var d = new Discriminator(new DiscriminatorOptions(resolution, ChannelBase: 128, ChannelMax: 8), new RandomGenerator(1));
        var logits = d.Forward(Tensors.Rand([batch, 3, resolution, resolution], new RandomGenerator(2)).Mul(2).Sub(1));
        Assert.Equal([(long)batch, 1L], logits.Shape);
        Assert.All(logits.ToArray<float>(), v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData(8, 8)]
    [InlineData(4, 8)]
    [InlineData(2, 8)]
    [InlineData(1, 8)]
    [InlineData(4, 12)]
    [InlineData(3, 3)]
    public void A_pass_keeps_the_groups_exactly_when_its_logits_equal_the_whole_batch_s(int rows, int whole)
    {
        // Given: D on a whole batch, and the same D on one strided round of it (rows k, k + R, …, as training's
        // rounds and shards take them); the minibatch-std layer makes every logit depend on its group.
        using var scope = DisposeScope.Enter();
        var options = new DiscriminatorOptions(16, ChannelBase: 128, ChannelMax: 8);
        using var d = new Discriminator(options, new RandomGenerator(1));
        var x = Tensors.Randn([whole, 3, 16, 16], new RandomGenerator(2));
        var rounds = whole / rows;
        var all = d.Forward(x).ToArray<float>();
        var round = d.Forward(x.Reshape([rows, rounds, 3, 16, 16]).Select(1, 0)).ToArray<float>();
        var same = Enumerable.Range(0, rows).All(i => Math.Abs(all[i * rounds] - round[i]) <= 1e-5 * (1 + Math.Abs(all[i * rounds])));

        // Then: the rule says "keeps the groups" exactly when the round's logits are those of the whole batch
        Assert.Equal(same, options.KeepsGroups(rows, whole));
    }

    [Fact]
    public void Channels_last_layout_gives_the_same_logits()
    {
        using var scope = DisposeScope.Enter();
        var options = new DiscriminatorOptions(16, ChannelBase: 128, ChannelMax: 8);
        using var a = new Discriminator(options with { ChannelsLast = false }, new RandomGenerator(1));
        using var b = new Discriminator(options with { ChannelsLast = true }, new RandomGenerator(1));
        var x = Tensors.Randn([4, 3, 16, 16], new RandomGenerator(2));
        Close.All(a.Forward(x).ToArray<float>(), b.Forward(x).ToArray<float>(), 1e-4, 1e-4);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(8)]
    [InlineData(48)]
    public void Resolutions_that_are_not_powers_of_two_of_at_least_16_are_rejected(int resolution)
    {
        var e = Assert.Throws<ArgumentException>(() => new DiscriminatorOptions(resolution).Validate());
        Assert.Contains($"resolution {resolution}", e.Message);
        Assert.Contains("power of two", e.Message);
    }

    [Fact]
    public void Wrong_image_shapes_and_batches_are_rejected_with_the_expected_shape()
    {
        using var scope = DisposeScope.Enter();
        using var d = new Discriminator(new DiscriminatorOptions(16, ChannelBase: 64, ChannelMax: 4));
        var shape = Assert.Throws<ArgumentException>(() => d.Forward(Tensors.Zeros([2, 3, 32, 32])));
        Assert.Contains("[B, 3, 16, 16]", shape.Message);
        var batch = Assert.Throws<ArgumentException>(() => d.Forward(Tensors.Zeros([6, 3, 16, 16])));
        Assert.Contains("group size 4", batch.Message);
    }

    [Fact]
    public void Gradient_of_one_weight_matches_finite_differences_in_float64()
    {
        // Given a tiny float64 D at 16×16 and a batch of 2 images
        using var scope = DisposeScope.Enter();
        using var d = new Discriminator(new DiscriminatorOptions(16, ChannelBase: 64, ChannelMax: 4), new RandomGenerator(3));
        ToFloat64(d);
        var images = Tensors.Rand([2, 3, 16, 16], new RandomGenerator(4), ScalarType.Float64).Mul(2).Sub(1);
        var loss = (Func<double>)(() =>
        {
            using var s = DisposeScope.Enter();
            return d.Forward(images).Softplus().Sum().ToDouble();
        });

        foreach (var name in new[] { "b16.conv0.weight", "b16.skip.weight", "b8.conv1.weight", "b4.conv.weight", "b4.fc.bias" })
        {
            var p = d.NamedParameters().Single(q => q.Name == name).Value;
            // When backpropagating the loss
            d.ZeroGrad();
            using (var s = DisposeScope.Enter())
            {
                d.Forward(images).Softplus().Sum().Backward();
            }
            var analytic = p.Value.Grad!.ToArray<double>()[1];

            // Then element 1's gradient matches a central difference
            var values = p.Value.ToArray<double>();
            var numeric = CentralDifference(p, values, 1, loss);
            Close.Scalar(numeric, analytic, 1e-6 + 1e-5 * Math.Abs(numeric), name);
        }
    }

    [Fact]
    public void R1_style_double_backward_through_the_discriminator_matches_finite_differences()
    {
        // Given a tiny float64 D and the penalty ‖∂D/∂x‖² (create_graph)
        using var scope = DisposeScope.Enter();
        using var d = new Discriminator(new DiscriminatorOptions(16, ChannelBase: 64, ChannelMax: 4), new RandomGenerator(5));
        ToFloat64(d);
        var images = Tensors.Rand([2, 3, 16, 16], new RandomGenerator(6), ScalarType.Float64).Mul(2).Sub(1);
        double Penalty(bool backward)
        {
            using var s = DisposeScope.Enter();
            var x = images.Detach().RequiresGrad_();
            var g = Autograd.Grad(d.Forward(x).Sum(), x, createGraph: backward);
            var penalty = g.Square().Sum();
            if (backward)
            {
                penalty.Backward();
            }
            return penalty.ToDouble();
        }
        var p = d.NamedParameters().Single(q => q.Name == "b8.conv0.weight").Value;

        // When differentiating the penalty with respect to one weight
        d.ZeroGrad();
        Penalty(backward: true);
        var analytic = p.Value.Grad!.ToArray<double>()[2];

        // Then it matches a central difference of the penalty
        var numeric = CentralDifference(p, p.Value.ToArray<double>(), 2, () => Penalty(backward: false));
        Close.Scalar(numeric, analytic, 1e-6 + 1e-5 * Math.Abs(numeric));
    }

    private static double CentralDifference(QirenGan.Torch.Nn.Parameter p, double[] values, int index, Func<double> f)
    {
        const double h = 1e-6;
        var probe = (double[])values.Clone();
        double Eval(double v)
        {
            probe[index] = v;
            using var s = DisposeScope.Enter();
            p.CopyFrom(Tensors.FromArray(probe, p.Shape));
            return f();
        }
        var plus = Eval(values[index] + h);
        var minus = Eval(values[index] - h);
        Eval(values[index]);
        return (plus - minus) / (2 * h);
    }

    internal static void ToFloat64(QirenGan.Torch.Nn.Module module)
    {
        foreach (var (_, p) in module.NamedParameters().Concat(module.NamedBuffers()))
        {
            p.Replace(p.Value.Detach().To(ScalarType.Float64));
        }
    }
}
