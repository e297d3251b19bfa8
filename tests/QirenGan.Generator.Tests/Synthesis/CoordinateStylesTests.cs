using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;

namespace QirenGan.Generator.Tests.Synthesis;

/// <summary>Per-image coordinate styles (GeneratorOptions.CoordinateStyles) and the official preset's renders from before them.</summary>
[Collection(TorchCollection.Name)]
public sealed class CoordinateStylesTests
{
    private static readonly GeneratorOptions Tiny = new(8, Hidden: [8, 8], ZDim: 8, WDim: 8, MappingLayers: 2);

    [Theory]
    [InlineData("qiren", 2, CoordinateStyle.Affine, 3)]
    [InlineData("qiren", 2, CoordinateStyle.Phase, 1)]
    [InlineData("siren", 1, CoordinateStyle.Affine, 3)]
    [InlineData("rff", 1, CoordinateStyle.Phase, 1)]
    public void Styles_add_one_head_of_one_or_three_values_per_angle(string inr, int anglesPerFeature, CoordinateStyle style, int width)
    {
        // A head w → K·width values holds (WDim + 1)·K·width parameters: K = 2C encoding angles for QIREN, C pre-activations otherwise
        using var plain = new QirenGenerator(new GeneratorOptions(Inr: inr));
        using var styled = new QirenGenerator(new GeneratorOptions(Inr: inr, CoordinateStyles: style));
        Assert.Equal(plain.ParameterCount + 257 * anglesPerFeature * 8 * width, styled.ParameterCount);
        Assert.Equal(plain.NumWs + 1, styled.NumWs);
    }

    [Fact]
    public void Phase_styles_shift_every_angle_by_its_own_constant()
    {
        using var scope = DisposeScope.Enter();
        using var encoder = new QuantumFeatureEncoder(circuits: 2, seed: 4);
        encoder.Eval();
        var coords = CoordinateGrid.Create(4, 4);
        var phase = Tensors.FromArray(new[] { 0.5f, -1f, 2f, 0.25f }, [1, 4, 1]);       // [B, 2C, 1]
        var plain = encoder.EncodingAngles(coords).ToArray<float>();                    // [1, C, P, 2]
        var styled = encoder.EncodingAngles(coords, phase).ToArray<float>();
        var expected = plain.Select((u, i) => u + new[] { 0.5f, -1f, 2f, 0.25f }[2 * (i / 32) + i % 2]).ToArray();
        Close.All(expected, styled, 1e-6, what: "phase-shifted angles");
    }

    [Fact]
    public void Encoding_angles_get_the_affine_offset_after_batch_norm()
    {
        // Given an encoder, pixel coordinates and per-image offsets (Δx, Δy, δ) for each of its 2C angles
        using var scope = DisposeScope.Enter();
        using var encoder = new QuantumFeatureEncoder(circuits: 2, seed: 4);
        encoder.Eval();
        var coords = CoordinateGrid.Create(4, 4);                                      // [16, 2]
        using var g = new RandomGenerator(2);
        var offset = Tensors.Randn([3, 4, 3], g);                                        // [B, 2C, 3]

        // When the angles are computed with and without the offsets
        var plain = encoder.EncodingAngles(coords).ToArray<float>();                    // [1, C, P, 2]
        var styled = encoder.EncodingAngles(coords, offset).ToArray<float>();           // [B, C, P, 2]

        // Then angle k of image b at pixel p is BatchNorm(F·p)_k + Δx·x + Δy·y + δ, computed here by hand
        var p = coords.ToArray<float>();
        var o = offset.ToArray<float>();
        for (var b = 0; b < 3; ++b)
        {
            for (var c = 0; c < 2; ++c)
            {
                for (var pix = 0; pix < 16; ++pix)
                {
                    for (var q = 0; q < 2; ++q)
                    {
                        var k = 2 * c + q;
                        var expected = plain[(c * 16 + pix) * 2 + q]
                                       + o[(b * 4 + k) * 3] * p[pix * 2] + o[(b * 4 + k) * 3 + 1] * p[pix * 2 + 1] + o[(b * 4 + k) * 3 + 2];
                        Close.Scalar(expected, styled[((b * 2 + c) * 16 + pix) * 2 + q], 1e-5, $"angle b{b} c{c} p{pix} q{q}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("qiren", CircuitMode.Shared)]
    [InlineData("qiren", CircuitMode.Generated)]
    [InlineData("siren", CircuitMode.Shared)]
    [InlineData("tanh", CircuitMode.Shared)]
    public void A_zero_coordinate_head_renders_the_unstyled_generator_and_a_trained_one_differs_per_image(string inr, CircuitMode circuit)
    {
        // Given a generator without styles and one with them carrying the same weights, its coordinate head zeroed
        using var scope = DisposeScope.Enter();
        using var plain = new QirenGenerator(Tiny with { Inr = inr, Circuit = circuit });
        using var styled = new QirenGenerator(Tiny with { Inr = inr, Circuit = circuit, CoordinateStyles = CoordinateStyle.Affine });
        var state = plain.StateDict();
        foreach (var (name, p) in styled.NamedParameters().Concat(styled.NamedBuffers()))
        {
            using (Autograd.NoGrad())
            {
                if (state.TryGetValue(name, out var value))
                {
                    p.CopyFrom(value);
                }
                else
                {
                    Assert.StartsWith($"heads.{CoordinateEncoder.CoordinateSlot}.", name);
                    p.Value.Zero_();
                }
            }
        }
        plain.Eval();
        styled.Eval();
        var z = Latents.FromSeeds([3, 8], 8);

        // Then the images are the same
        Close.All(plain.Forward(z).ToArray<float>(), styled.Forward(z).ToArray<float>(), 1e-6, what: "zero coordinate head");

        // When the head's bias is set to one offset for every image (Δ = 0.3, 0.2, δ = 1 rad on every angle)
        var bias = styled.NamedParameters().First(p => p.Name == $"heads.{CoordinateEncoder.CoordinateSlot}.bias").Value;
        using (Autograd.NoGrad())
        {
            bias.Value.Copy_(Tensors.FromArray(Enumerable.Range(0, (int)bias.Value.Numel).Select(i => (i % 3) switch { 0 => 0.3f, 1 => 0.2f, _ => 1f }).ToArray()));
        }

        // Then the image changes
        Assert.True(plain.Forward(z).ToArray<float>().Zip(styled.Forward(z).ToArray<float>()).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
        // And once the head's weights are non-zero, the coordinate features of two latents differ
        var weight = styled.NamedParameters().First(p => p.Name == $"heads.{CoordinateEncoder.CoordinateSlot}.weight").Value;
        using (Autograd.NoGrad())
        {
            using var g = new RandomGenerator(5);
            weight.Value.Copy_(Tensors.Randn(weight.Value.Shape, g));
        }
        var ws = MappingNetwork.Broadcast(styled.Mapping.Forward(z), styled.NumWs);
        var features = styled.Encoder.Forward(CoordinateGrid.Create(8, 8), styled.Heads.Forward(ws)); // [2, P, C]
        Assert.Equal(2, features.Size(0));
        var a = features.Select(0, 0).ToArray<float>();
        var b = features.Select(0, 1).ToArray<float>();
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) > 1e-2);
    }

    [Theory]
    [InlineData("qiren", 32)]
    [InlineData("qiren", 64)]
    [InlineData("siren", 32)]
    [InlineData("siren", 64)]
    public void The_official_preset_renders_as_before_the_new_options(string inr, int resolution)
    {
        // Given the renders of seeds 0 and 1 made by the build before issue 22 (tests/fixtures/official-render/README.md)
        var bytes = File.ReadAllBytes(Repo.Fixture($"official-render/official-{inr}-seeds0-1-r{resolution}.f32"));
        var expected = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, expected, 0, bytes.Length);

        // When the official preset is built and rendered the same way now
        using var scope = DisposeScope.Enter();
        using var g = new QirenGenerator(GeneratorPresets.Get(GeneratorPresets.Official, 32) with { Inr = inr });
        g.Eval();
        using var noGrad = Autograd.NoGrad();
        var actual = g.Forward(Latents.FromSeeds([0, 1], g.Options.ZDim), resolution).Contiguous().ToArray<float>();

        // Then the images agree (to float rounding: another CPU may pick other kernels)
        Assert.Equal(2 * 3 * resolution * resolution, expected.Length);
        Close.All(expected, actual, 2e-5, what: "official render");
    }
}
