using QirenGan.Hypernet;

namespace QirenGan.Hypernet.Tests;

[Collection(TorchCollection.Name)]
public sealed class MappingNetworkTests
{
    private static readonly MappingOptions Small = new(ZDim: 6, WDim: 5, Layers: 3);

    [Fact]
    public void Mapping_turns_z_into_w_of_the_declared_width()
    {
        using var scope = DisposeScope.Enter();
        using var mapping = new MappingNetwork(new MappingOptions(), new RandomGenerator(1));
        var w = mapping.Forward(Tensors.Randn([3, 256], new RandomGenerator(2)));
        Assert.Equal([3L, 256L], w.Shape);
        Assert.Equal(8, mapping.NamedModules().Count());
        Assert.Equal(8 * (256 * 256 + 256), mapping.ParameterCount);
    }

    [Fact]
    public void Second_moment_normalisation_gives_every_row_unit_mean_square()
    {
        // Given rows of very different scales
        using var scope = DisposeScope.Enter();
        var z = Tensors.FromArray(new double[] { 3, 4, 0, 0, 1e-3, -1e-3, 2e-3, 0 }, [2, 4]);

        // When normalised
        var n = MappingNetwork.NormalizeSecondMoment(z).ToArray<double>();

        // Then row 0 = z/√(25/4) and row 1 = z/√(6e-6/4) (ε = 1e-8 included)
        var s0 = Math.Sqrt(25.0 / 4 + 1e-8);
        var s1 = Math.Sqrt(6e-6 / 4 + 1e-8);
        Close.All(new[] { 3 / s0, 4 / s0, 0, 0, 1e-3 / s1, -1e-3 / s1, 2e-3 / s1, 0 }, n, 1e-12);
    }

    [Fact]
    public void Truncation_psi_zero_gives_w_avg_and_psi_one_is_the_identity()
    {
        // Given a mapping whose w_avg was moved away from zero
        using var scope = DisposeScope.Enter();
        using var mapping = new MappingNetwork(Small, new RandomGenerator(1));
        mapping.NamedBuffers().Single().Value.CopyFrom(Tensors.FromArray(new float[] { 1, -2, 3, 0.5f, 7 }));
        var z = Tensors.Randn([4, 6], new RandomGenerator(9));

        // When mapping with ψ = 0, 1 and 0.5
        var w0 = mapping.Forward(z, truncationPsi: 0).ToArray<float>();
        var w1 = mapping.Forward(z, truncationPsi: 1).ToArray<float>();
        var wHalf = mapping.Forward(z, truncationPsi: 0.5).ToArray<float>();

        // Then ψ = 0 is w_avg in every row, ψ = 1 the untruncated w, ψ = ½ their midpoint
        var avg = new float[] { 1, -2, 3, 0.5f, 7 };
        Close.All(Enumerable.Range(0, 20).Select(i => avg[i % 5]).ToArray(), w0, 1e-6);
        Close.All(Enumerable.Range(0, 20).Select(i => 0.5f * (avg[i % 5] + w1[i])).ToArray(), wHalf, 1e-5);
    }

    [Fact]
    public void W_avg_moves_toward_the_batch_mean_with_beta()
    {
        // Given a mapping with w_avg = a and β = 0.9
        using var scope = DisposeScope.Enter();
        using var mapping = new MappingNetwork(Small with { WAvgBeta = 0.9 }, new RandomGenerator(1));
        var a = new float[] { 1, 2, 3, 4, 5 };
        mapping.NamedBuffers().Single().Value.CopyFrom(Tensors.FromArray(a));
        var z = Tensors.Randn([3, 6], new RandomGenerator(4));
        var w = mapping.Forward(z).ToArray<float>();

        // When a training pass updates it
        var again = mapping.Forward(z, updateWAvg: true).ToArray<float>();
        var updated = mapping.WAvg.ToArray<float>();

        // Then w_avg = 0.9·a + 0.1·mean(w), and the returned w is the untruncated one
        var expected = Enumerable.Range(0, 5).Select(j => 0.9 * a[j] + 0.1 * (w[j] + w[5 + j] + w[10 + j]) / 3).ToArray();
        Close.All(expected, updated.Select(v => (double)v).ToArray(), 1e-5);
        Close.All(w, again, 1e-6);
    }

    [Fact]
    public void Broadcast_repeats_w_for_every_slot()
    {
        using var scope = DisposeScope.Enter();
        var w = Tensors.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var ws = MappingNetwork.Broadcast(w, 3);
        Assert.Equal([2L, 3L, 2L], ws.Shape);
        Assert.Equal(new float[] { 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4 }, ws.Contiguous().ToArray<float>());
    }

    [Fact]
    public void Style_mixing_replaces_the_slots_after_the_cutoff_by_the_second_latent()
    {
        // Given ws from z1 broadcast to 5 slots and a second latent z2
        using var scope = DisposeScope.Enter();
        using var mapping = new MappingNetwork(Small, new RandomGenerator(1));
        var z1 = Tensors.Randn([2, 6], new RandomGenerator(2));
        var z2 = Tensors.Randn([2, 6], new RandomGenerator(3));
        var ws = MappingNetwork.Broadcast(mapping.Forward(z1), 5);
        var w1 = mapping.Forward(z1).ToArray<float>();
        var w2 = mapping.Forward(z2).ToArray<float>();

        // When mixing with probability 1, using a stream whose cutoff we read from an identical stream
        var cutoff = MappingNetwork.DrawCutoff(5, 1.0, new RandomGenerator(11));
        var mixed = mapping.MixStyles(ws, z2, 1.0, new RandomGenerator(11)).Contiguous().ToArray<float>();

        // Then the cutoff is in [1, 5) and slots before it hold w(z1), slots from it hold w(z2)
        Assert.InRange(cutoff, 1, 4);
        for (var b = 0; b < 2; ++b)
        {
            for (var s = 0; s < 5; ++s)
            {
                var source = s < cutoff ? w1 : w2;
                Close.All(source.Skip(b * 5).Take(5).ToArray(), mixed.Skip((b * 5 + s) * 5).Take(5).ToArray(), 1e-6,
                    what: $"image {b} slot {s}");
            }
        }
    }

    [Fact]
    public void Style_mixing_with_probability_zero_keeps_ws_and_draws_the_same_amount()
    {
        // Given two identical streams
        using var scope = DisposeScope.Enter();
        using var mapping = new MappingNetwork(Small, new RandomGenerator(1));
        var ws = MappingNetwork.Broadcast(mapping.Forward(Tensors.Randn([2, 6], new RandomGenerator(2))), 4);
        var rngA = new RandomGenerator(5);
        var rngB = new RandomGenerator(5);

        // When one mixes with p = 0 and the other with p = 1
        var kept = mapping.MixStyles(ws, Tensors.Randn([2, 6], new RandomGenerator(3)), 0.0, rngA);
        mapping.MixStyles(ws, Tensors.Randn([2, 6], new RandomGenerator(3)), 1.0, rngB);

        // Then ws is unchanged and both streams are at the same position afterwards
        Assert.Equal(ws.Contiguous().ToArray<float>(), kept.Contiguous().ToArray<float>());
        Assert.Equal(rngA.GetState(), rngB.GetState());
    }

    [Fact]
    public void Style_mixing_frequency_follows_the_probability()
    {
        // Given 2000 draws at p = 0.9 over 8 slots
        var rng = new RandomGenerator(7);
        var cutoffs = Enumerable.Range(0, 2000).Select(_ => MappingNetwork.DrawCutoff(8, 0.9, rng)).ToArray();

        // Then about 90 % mix (binomial std ≈ 0.67 %) and every cutoff in [1, 8) occurs
        var mixedFraction = cutoffs.Count(c => c < 8) / 2000.0;
        Close.Scalar(0.9, mixedFraction, 0.03);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), cutoffs.Distinct().Order());
    }

    [Fact]
    public void Wrong_z_width_is_rejected_naming_the_module()
    {
        using var scope = DisposeScope.Enter();
        using var mapping = new MappingNetwork(Small);
        var e = Assert.Throws<ArgumentException>(() => mapping.Forward(Tensors.Zeros([2, 7])));
        Assert.Contains("MappingNetwork", e.Message);
        Assert.Contains("[B, 6]", e.Message);
    }
}
