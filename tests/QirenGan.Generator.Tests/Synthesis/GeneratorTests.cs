using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;

namespace QirenGan.Generator.Tests.Synthesis;

[Collection(TorchCollection.Name)]
public sealed class GeneratorTests
{
    [Fact]
    public void Official_configuration_has_the_official_parameter_count()
    {
        // The official QIREN GAN's G (networks.py fixed to rank 10) has 1,134,963 parameters.
        using var g = new QirenGenerator(new GeneratorOptions());
        Assert.Equal(1_134_963, g.ParameterCount);
    }

    [Fact]
    public void Official_preset_is_the_official_configuration()
    {
        using var g = new QirenGenerator(GeneratorPresets.Get(GeneratorPresets.Official, 32));
        Assert.Equal(1_134_963, g.ParameterCount);
        Assert.Equal(new GeneratorOptions(), GeneratorPresets.Get(GeneratorPresets.Official, 32) with { Hidden = null });
    }

    [Fact]
    public void Default_preset_is_the_official_network_with_per_image_encoders_and_a_slower_encoder()
    {
        var preset = GeneratorPresets.Get(GeneratorPresets.Default, 32);
        Assert.Equal(new GeneratorOptions(Circuit: CircuitMode.Generated, EncoderLrMultiplier: 0.1, CoordinateStyles: CoordinateStyle.Affine),
            preset with { Hidden = null });
        // the official network plus two heads w → per-image values, (WDim + 1) parameters per value: the circuit angles
        // [C, S+1, A, 2, 3] = 8·3·2·2·3 = 288 and the coordinate offsets [2C, 3] = 48
        using var g = new QirenGenerator(preset);
        Assert.Equal(1_134_963 + 257 * 288 + 257 * 48, g.ParameterCount);
        Assert.Throws<ArgumentException>(() => GeneratorPresets.Get("paper", 32));
    }

    [Fact]
    public void Coordinate_inputs_widen_only_the_first_per_pixel_layer()
    {
        // DESIGN §5: an FMM layer c_in → c_out holds W (c_out·c_in) and its style head (WDim + 1)·(c_in + c_out)·r;
        // two more inputs add 2·c_out + (WDim + 1)·2·r = 2·64 + 257·2·10 = 5,268 parameters.
        using var official = new QirenGenerator(new GeneratorOptions());
        using var widened = new QirenGenerator(new GeneratorOptions(CoordinateInputs: true));
        Assert.Equal(official.ParameterCount + 2 * 64 + 257 * 2 * 10, widened.ParameterCount);
    }

    [Fact]
    public void Coordinate_inputs_make_the_first_layer_see_x_and_y()
    {
        using var scope = DisposeScope.Enter();
        using var g = new QirenGenerator(new GeneratorOptions(8, CoordinateInputs: true, Hidden: [8, 8], ZDim: 8, WDim: 8, MappingLayers: 2));
        g.Eval();
        var ws = MappingNetwork.Broadcast(g.Mapping.Forward(Latents.FromSeeds([1], 8)), g.NumWs);
        var before = g.Synthesize(ws).ToArray<float>();
        // Zeroing the weight columns of x and y (the last two inputs) must change the image; the columns exist.
        var weight = g.NamedParameters().First(p => p.Name == "fmm0.weight").Value;
        Assert.Equal(new long[] { 8, 10 }, weight.Value.Shape);
        using (Autograd.NoGrad())
        {
            weight.Value.Slice(1, 8, 10, 1).Zero_();
        }
        var after = g.Synthesize(ws).ToArray<float>();
        Assert.True(before.Zip(after).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
    }

    [Fact]
    public void Jitter_moves_the_grid_in_training_and_never_in_rendering()
    {
        using var scope = DisposeScope.Enter();
        var o = new GeneratorOptions(8, Hidden: [8, 8], ZDim: 8, WDim: 8, MappingLayers: 2);
        using var plain = new QirenGenerator(o);
        using var jittered = new QirenGenerator(o with { CoordinateJitter = 0.5 });
        var ws = MappingNetwork.Broadcast(plain.Mapping.Forward(Latents.FromSeeds([3], 8)), plain.NumWs);
        // Rendering (before any training pass moves BatchNorm's running statistics): same weights, same image.
        plain.Eval();
        jittered.Eval();
        Close.All(plain.Synthesize(ws).ToArray<float>(), jittered.Synthesize(ws).ToArray<float>(), 0, what: "eval renders");
        // Training mode (BatchNorm on the batch statistics): the plain model is a fixed function, the jittered one is not.
        plain.Train();
        jittered.Train();
        Close.All(plain.Synthesize(ws).ToArray<float>(), plain.Synthesize(ws).ToArray<float>(), 0, what: "plain training passes");
        var a = jittered.Synthesize(ws).ToArray<float>();
        var b = jittered.Synthesize(ws).ToArray<float>();
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) > 1e-4);
        Assert.Throws<ArgumentException>(() => new QirenGenerator(o with { CoordinateJitter = 2 }));
    }

    [Theory]
    [InlineData("qiren", CircuitMode.Shared)]
    [InlineData("qiren", CircuitMode.Generated)]
    [InlineData("siren", CircuitMode.Shared)]
    [InlineData("relu", CircuitMode.Shared)]
    [InlineData("tanh", CircuitMode.Shared)]
    [InlineData("rff", CircuitMode.Shared)]
    public void Every_inr_renders_images_of_the_requested_size(string inr, CircuitMode circuit)
    {
        using var scope = DisposeScope.Enter();
        using var g = new QirenGenerator(new GeneratorOptions(8, inr, circuit, Hidden: [8, 8], ZDim: 8, WDim: 8, MappingLayers: 2));
        var z = Latents.FromSeeds([1, 2, 3], 8);
        Assert.Equal(new long[] { 3, 3, 8, 8 }, g.Forward(z).Shape);
        Assert.Equal(new long[] { 3, 3, 12, 12 }, g.Forward(z, 12).Shape);
        Assert.Equal(circuit == CircuitMode.Generated ? 4 : 3, g.NumWs);
    }

    [Fact]
    public void Render_at_twice_the_resolution_contains_the_training_grid_exactly()
    {
        using var scope = DisposeScope.Enter();
        using var g = new QirenGenerator(new GeneratorOptions(8, Circuit: CircuitMode.Generated, Hidden: [8, 8], ZDim: 8, WDim: 8, MappingLayers: 2));
        g.Eval();
        var z = Latents.FromSeeds([4, 5], 8);
        var low = g.Forward(z, 8);
        var high = g.Forward(z, 16);
        // r_j = 2j/R − 1: the even points of the 16-grid are the 8-grid.
        var sub = high.Slice(2, 0, 16, 2).Slice(3, 0, 16, 2).Contiguous();
        Close.All(low.ToArray<float>(), sub.ToArray<float>(), 1e-5, what: "2× render at shared coordinates");
    }

    [Fact]
    public void Fmm_layer_matches_a_hand_computation()
    {
        using var scope = DisposeScope.Enter();
        // c_in = 2, c_out = 1, r = 1. W = [w0, w1] (gain 1/√2), styles s = [l, r0, r1]:
        // W′ = W/√2 ⊙ (1 + l·[r0, r1]); W″ = W′/‖W′‖; h = lrelu(W″·x + b)·√2.
        using var rng = new RandomGenerator(0);
        using var layer = new FmmLayer("m", 2, 1, 1, rng);
        var w = layer.NamedParameters().First(p => p.Name == "weight").Value.Value.ToArray<float>();
        double l = 0.5, r0 = -0.4, r1 = 1.2, x0 = 0.3, x1 = -0.8;
        var wp0 = w[0] / Math.Sqrt(2) * (1 + l * r0);
        var wp1 = w[1] / Math.Sqrt(2) * (1 + l * r1);
        var norm = Math.Sqrt(wp0 * wp0 + wp1 * wp1 + 1e-8);
        var pre = (wp0 * x0 + wp1 * x1) / norm;
        var expected = (pre > 0 ? pre : 0.2 * pre) * Math.Sqrt(2);
        var h = layer.Forward(Tensors.FromArray(new[] { (float)x0, (float)x1 }, [1, 1, 2]),
            Tensors.FromArray(new[] { (float)l, (float)r0, (float)r1 }, [1, 3]));
        Close.Scalar(expected, h.ToDouble(), 1e-6, "FMM output");
    }
}
