using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;

namespace QirenGan.Generator.Tests.Synthesis;

[Collection(TorchCollection.Name)]
public sealed class CoordinateFeatureMapsTests
{
    private static GeneratorOptions Tiny(string inr, CircuitMode circuit = CircuitMode.Shared) =>
        new(8, inr, circuit, Features: 4, Hidden: [8], ZDim: 8, WDim: 8, MappingLayers: 2, Seed: 3);

    /// <summary>out [N, P, C] → [N, C, R, R] by index arithmetic: map[n, c, y, x] = out[n, y·R + x, c].</summary>
    private static float[] Reshaped(float[] output, int n, int c, int r)
    {
        var map = new float[output.Length];
        for (var i = 0; i < n; ++i)
        {
            for (var k = 0; k < c; ++k)
            {
                for (var p = 0; p < r * r; ++p)
                {
                    map[((i * c) + k) * r * r + p] = output[((i * r * r) + p) * c + k];
                }
            }
        }
        return map;
    }

    [Theory]
    [InlineData("qiren", CircuitMode.Shared)]
    [InlineData("qiren", CircuitMode.Generated)]
    [InlineData("siren", CircuitMode.Shared)]
    [InlineData("rff", CircuitMode.Shared)]
    public void Maps_are_the_encoder_output_over_the_grid(string inr, CircuitMode circuit)
    {
        // Given a generator in evaluation mode (as G_ema renders) and two seeds
        const int r = 6;
        int[] seeds = [2, 7];
        using var scope = DisposeScope.Enter();
        using var g = new QirenGenerator(Tiny(inr, circuit));
        g.Eval();

        // When its features are rendered at R = 6
        var maps = CoordinateFeatureMaps.Render(g, r, seeds);

        // Then they are the encoder's output on the grid, with the per-image circuits of those seeds' w
        var styles = circuit == CircuitMode.Generated
            ? g.Heads.Forward(MappingNetwork.Broadcast(g.Mapping.Forward(Latents.FromSeeds(seeds, 8)), g.NumWs))
            : new Dictionary<string, Tensor>();
        var output = g.Encoder.Forward(CoordinateGrid.Create(r, r), styles);                     // [N, P, C]
        var n = circuit == CircuitMode.Generated ? seeds.Length : 1;
        Assert.Equal(new long[] { n, 4, r, r }, maps.Shape);
        Close.All(Reshaped(output.ToArray<float>(), n, 4, r), maps.ToArray<float>(), 1e-6, what: "feature maps");
        if (circuit == CircuitMode.Generated)
        {
            // and an image's maps do not depend on the others rendered with it
            Assert.NotEqual(maps.Select(0, 0).ToArray<float>(), maps.Select(0, 1).ToArray<float>());
            Close.All(maps.Select(0, 1).ToArray<float>(), CoordinateFeatureMaps.Render(g, r, [7]).Select(0, 0).ToArray<float>(),
                1e-6, what: "seed 7 alone");
        }
    }

    [Fact]
    public void Initialisation_renders_what_G_computes_in_its_first_training_step()
    {
        // Given the generator as built (training mode: its BatchNorm normalises by the grid's batch statistics)
        const int r = 8;
        using var scope = DisposeScope.Enter();
        var options = Tiny("qiren");
        using var fresh = new QirenGenerator(options);
        var first = fresh.Encoder.Forward(CoordinateGrid.Create(r, r), new Dictionary<string, Tensor>()).ToArray<float>();

        // When the initialisation is rebuilt for inspection (evaluation mode) and rendered at R
        using var initial = CoordinateFeatureMaps.AtInitialisation(options);
        var maps = CoordinateFeatureMaps.Render(initial, r, [0]);

        // Then the maps are that first step's features (float32 statistics computed in two orders: 1e-5), and the
        // weights are the same (built from the same seed)
        Assert.False(initial.Training);
        Close.All(Reshaped(first, 1, 4, r), maps.ToArray<float>(), 1e-5, what: "initial features");
        Assert.Equal(fresh.Encoder.NamedParameters().SelectMany(p => p.Value.Value.ToArray<float>()),
            initial.Encoder.NamedParameters().SelectMany(p => p.Value.Value.ToArray<float>()));
    }

    [Fact]
    public void Baselines_have_no_circuit_frequencies()
    {
        using var g = new QirenGenerator(Tiny("siren"));
        Assert.Null(CoordinateFeatureMaps.Frequencies(g));
        using var q = new QirenGenerator(Tiny("qiren"));
        Assert.Equal(4, CoordinateFeatureMaps.Frequencies(q)!.Count);
    }
}
