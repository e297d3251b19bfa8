using QirenGan.Generator.Synthesis;
using QirenGan.Training.Data;
using QirenGan.Training.Loop;

namespace QirenGan.Training.Tests.Loop;

/// <summary>A 16×16 GAN small enough to train for a few steps in a test.</summary>
internal static class TinyRun
{
    public static string Faces(TempDir dir, int count = 8)
    {
        var folder = Path.Combine(dir.Path, "faces");
        SyntheticFaces.WriteFolder(folder, count, 16, seed: 3);
        return folder;
    }

    /// <summary>Every parameter and buffer of <paramref name="m"/>, flattened, to compare two runs' networks.</summary>
    public static float[] Flatten(QirenGan.Torch.Nn.Module m) =>
        m.NamedParameters().Concat(m.NamedBuffers()).SelectMany(p => p.Value.Value.Float().ToArray<float>()).ToArray();

    public static TrainingOptions Options(string data, string outDir, double kimg, CircuitMode circuit = CircuitMode.Shared) =>
        new(data, outDir, kimg, Batch: 4,
            Generator: new GeneratorOptions(16, "qiren", circuit, Features: 4, Hidden: [8, 8], Rank: 2, ZDim: 8, WDim: 8, MappingLayers: 2, Seed: 5),
            DChannels: 8, R1Interval: 2, KimgPerTick: 0.008, SnapTicks: 100, Seed: 11);
}
