using System.Globalization;
using QirenGan.Discriminator;

namespace QirenGan.Discriminator.Tests;

/// <summary>Against an independent Python implementation of StyleGAN2-ADA's D (tests/fixtures/make_discriminator_fixture.py).</summary>
[Collection(TorchCollection.Name)]
public sealed class ReferenceTests
{
    // Parameter order of the fixture script: parameter i gets value[k] = sin(2.3·k + i).
    private static readonly string[] FixtureOrder =
    [
        "b16.fromrgb.weight", "b16.fromrgb.bias", "b16.conv0.weight", "b16.conv0.bias", "b16.conv1.weight",
        "b16.conv1.bias", "b16.skip.weight", "b8.conv0.weight", "b8.conv0.bias", "b8.conv1.weight", "b8.conv1.bias",
        "b8.skip.weight", "b4.conv.weight", "b4.conv.bias", "b4.fc.weight", "b4.fc.bias", "b4.out.weight", "b4.out.bias",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Logits_match_the_python_reference_of_stylegan2_ada(bool channelsLast)
    {
        // Given the fixture's 16×16 D with 4 channels everywhere and its deterministic float64 parameters
        using var scope = DisposeScope.Enter();
        using var d = new Discriminator(new DiscriminatorOptions(16, ChannelBase: 64, ChannelMax: 4, ChannelsLast: channelsLast));
        DiscriminatorTests.ToFloat64(d);
        var parameters = d.NamedParameters().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(FixtureOrder.Order(), parameters.Keys.Order());
        for (var i = 0; i < FixtureOrder.Length; ++i)
        {
            var p = parameters[FixtureOrder[i]];
            var values = Enumerable.Range(0, (int)p.Numel).Select(k => Math.Sin(2.3 * k + i)).ToArray();
            p.CopyFrom(Tensors.FromArray(values, p.Shape));
        }
        var images = Tensors.FromArray(Enumerable.Range(0, 8 * 3 * 16 * 16).Select(k => Math.Sin(0.37 * k)).ToArray(), [8, 3, 16, 16]);

        // When it scores the fixture's images
        var logits = d.Forward(images).ToArray<double>();

        // Then the logits equal PyTorch's
        var expected = File.ReadAllText(Repo.Fixture("tiny-discriminator-reference.txt"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Close.All(expected, logits, 1e-10);
    }
}
