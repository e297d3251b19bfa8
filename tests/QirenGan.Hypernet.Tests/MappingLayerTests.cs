using QirenGan.Hypernet;
using QirenGan.TensorNet;

namespace QirenGan.Hypernet.Tests;

[Collection(TorchCollection.Name)]
public sealed class MappingLayerTests
{
    [Fact]
    public void Dense_mapping_draws_exactly_the_weights_of_equalised_layers_built_by_hand()
    {
        // Given the default mapping and, from the same seed, the StyleGAN2 layers it always built
        using var scope = DisposeScope.Enter();
        var options = new MappingOptions(ZDim: 6, WDim: 5, Layers: 3);
        using var mapping = new MappingNetwork(options, new RandomGenerator(9));
        using var rng = new RandomGenerator(9);
        var byHand = Enumerable.Range(0, 3).Select(i => new EqualizedLinear(i == 0 ? 6 : 5, 5, LayerActivation.LeakyRelu,
            lrMultiplier: 0.01, generator: rng)).ToArray();

        // Then every weight is bit-identical (old dense snapshots and runs are unchanged)
        var expected = byHand.SelectMany(l => l.NamedParameters()).SelectMany(p => p.Value.Value.ToArray<float>()).ToArray();
        Assert.Equal(expected, mapping.NamedParameters().SelectMany(p => p.Value.Value.ToArray<float>()).ToArray());
        foreach (var layer in byHand)
        {
            layer.Dispose();
        }
    }

    [Theory]
    [InlineData(MappingOptions.Mera, 4, 8 * (1152 + 256))]            // tensornet/README.md: 4·2⁴ + 4·4·2² + 2·4⁴ + 2·16·4²
    [InlineData(MappingOptions.TensorTrain, 4, 8 * (64 + 256 + 256 + 64 + 256))] // 4 cores 4×4: 16·4 + 16·16 + 16·16 + 16·4
    public void Compressed_mappings_have_the_closed_form_size_and_keep_w_near_unit_second_moment(string kind, int bond, int parameters)
    {
        // Given the official 256-wide, 8-layer mapping with tensor-network layers
        using var scope = DisposeScope.Enter();
        using var mapping = new MappingNetwork(new MappingOptions(Kind: kind, Bond: bond), new RandomGenerator(1));

        // When it maps standard normal z
        var w = mapping.Forward(Tensors.Randn([256, 256], new RandomGenerator(2)));

        // Then it has the closed-form size and w keeps a second moment of order 1 through 8 layers (leaky ReLU·√2
        // preserves it in expectation; a dense mapping measures ~1 too)
        Assert.Equal(parameters, mapping.ParameterCount);
        Assert.All(mapping.NamedModules(), m => Assert.IsAssignableFrom<ITensorNetworkLinear>(m.Value));
        var secondMoment = w.Square().Mean().ToDouble();
        Assert.InRange(secondMoment, 0.5, 2.0);
    }
}
