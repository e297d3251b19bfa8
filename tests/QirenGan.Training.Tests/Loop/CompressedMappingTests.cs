using System.Text.Json.Nodes;
using QirenGan.Hypernet;
using QirenGan.Torch.Checkpoints;
using QirenGan.Training.Loop;

namespace QirenGan.Training.Tests.Loop;

/// <summary>A GAN whose mapping network is a MERA or a tensor train trains, snapshots, rebuilds and resumes like the dense one.</summary>
[Collection(TorchCollection.Name)]
public sealed class CompressedMappingTests
{
    private static TrainingOptions Options(string data, string outDir, double kimg, string kind, int bond)
    {
        var options = TinyRun.Options(data, outDir, kimg);
        return options with { Generator = options.Generator with { MappingKind = kind, MappingBond = bond } };
    }

    [Theory]
    [InlineData(MappingOptions.Mera, 2)]
    [InlineData(MappingOptions.TensorTrain, 3)]
    public void A_snapshot_with_a_compressed_mapping_rebuilds_the_same_generator(string kind, int bond)
    {
        // Given a tiny run whose mapping layers are tensor networks
        using var dir = Repo.TempDir();
        var options = Options(TinyRun.Faces(dir), dir.File("runs"), 0.008, kind, bond);
        string path;
        float[] ema;
        float[] images;
        using (var loop = new TrainingLoop(options, RunDirectory.Create(options.OutDir, "x"), _ => { }))
        {
            path = loop.Run();
            ema = TinyRun.Flatten(loop.GEma);
            loop.GEma.Eval();
            using var scope = DisposeScope.Enter();
            images = loop.GEma.Forward(Tensors.Randn([2, 8], new RandomGenerator(4))).ToArray<float>();
        }

        // When generate/interpolate/metrics load it (Snapshot.LoadGenerator)
        using var g = Snapshot.LoadGenerator(path);

        // Then the options, the layer structure, every weight and the images come back
        Assert.Equal(kind, g.Options.MappingKind);
        Assert.Equal(bond, g.Options.MappingBond);
        Assert.Contains(g.Mapping.NamedParameters(), p => p.Name == (kind == MappingOptions.Mera ? "fc0.dis1_0" : "fc0.core0"));
        Assert.Equal(ema, TinyRun.Flatten(g));
        using (var scope = DisposeScope.Enter())
        {
            Assert.Equal(images, g.Forward(Tensors.Randn([2, 8], new RandomGenerator(4))).ToArray<float>());
        }
    }

    [Fact]
    public void Resume_with_a_mera_mapping_equals_an_uninterrupted_run_exactly()
    {
        using var dir = Repo.TempDir();
        var data = TinyRun.Faces(dir);

        // Given an uninterrupted run of 4 iterations and one stopped after 2, both with a MERA mapping
        var full = Options(data, dir.File("full"), 0.016, MappingOptions.Mera, 2);
        float[] expected;
        using (var loop = new TrainingLoop(full, RunDirectory.Create(full.OutDir, "full"), _ => { }))
        {
            loop.Run();
            expected = TinyRun.Flatten(loop.G).Concat(TinyRun.Flatten(loop.GEma)).ToArray();
        }
        var half = Options(data, dir.File("half"), 0.008, MappingOptions.Mera, 2);
        string snapshot;
        using (var loop = new TrainingLoop(half, RunDirectory.Create(half.OutDir, "half"), _ => { }))
        {
            snapshot = loop.Run();
        }

        // When a new loop resumes from the snapshot
        using var saved = Snapshot.Read(snapshot);
        using var resumed = new TrainingLoop(saved.Options with { Kimg = 0.016 }, RunDirectory.Create(half.OutDir, "resumed"), _ => { }, saved);
        resumed.Run();

        // Then G and G_ema are bit-identical
        Assert.Equal(expected, TinyRun.Flatten(resumed.G).Concat(TinyRun.Flatten(resumed.GEma)).ToArray());
    }

    [Fact]
    public void A_snapshot_written_before_the_option_existed_loads_as_dense()
    {
        // Given a dense snapshot whose metadata is stripped of MappingKind and MappingBond (as older versions wrote it)
        using var dir = Repo.TempDir();
        var options = TinyRun.Options(TinyRun.Faces(dir), dir.File("runs"), 0.004);
        string path;
        float[] ema;
        using (var loop = new TrainingLoop(options, RunDirectory.Create(options.OutDir, "x"), _ => { }))
        {
            path = loop.Run();
            ema = TinyRun.Flatten(loop.GEma);
        }
        var old = dir.File("old.safetensors");
        var (tensors, meta) = SafeTensors.Read(path);
        try
        {
            var training = JsonNode.Parse(meta["training_options"])!.AsObject();
            var generator = training["Generator"]!.AsObject();
            Assert.True(generator.Remove("MappingKind") && generator.Remove("MappingBond"));
            meta["training_options"] = training.ToJsonString();
            var g0 = JsonNode.Parse(meta["generator_options"])!.AsObject();
            g0.Remove("MappingKind");
            g0.Remove("MappingBond");
            meta["generator_options"] = g0.ToJsonString();
            SafeTensors.Write(old, tensors, meta);
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
        Assert.DoesNotContain("MappingKind", string.Join("", SafeTensors.ReadMetadata(old).Values));

        // When it is loaded
        using var g = Snapshot.LoadGenerator(old);

        // Then it is the dense generator it was, weight for weight
        Assert.Equal(MappingOptions.Dense, g.Options.MappingKind);
        Assert.Equal(ema, TinyRun.Flatten(g));
    }
}
