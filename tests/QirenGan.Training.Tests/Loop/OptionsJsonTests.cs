using System.Text.Json;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;
using QirenGan.Training.Loop;

namespace QirenGan.Training.Tests.Loop;

public sealed class OptionsJsonTests
{
    [Fact]
    public void Exact_circuits_write_no_noise_entry_and_options_round_trip()
    {
        var exact = new TrainingOptions("data", "runs", 1, 32, new GeneratorOptions(CoordinateInputs: true, EncoderLrMultiplier: 0.1, CoordinateJitter: 0.5, CoordinateStyles: CoordinateStyle.Phase));
        var json = JsonSerializer.Serialize(exact, Snapshot.Json);
        Assert.DoesNotContain("\"Noise\"", json);
        var back = JsonSerializer.Deserialize<TrainingOptions>(json, Snapshot.Json)!;
        Assert.Equal(exact.Generator with { Hidden = null }, back.Generator with { Hidden = null });
        Assert.Equal(exact.EmaRampup, back.EmaRampup);
        Assert.Equal(CoordinateStyle.Phase, back.Generator.CoordinateStyles);
        Assert.Contains("\"CoordinateStyles\": \"Phase\"", json);
        // the option's first form, a boolean, reads as affine / none
        foreach (var (text, style) in new[] { ("true", CoordinateStyle.Affine), ("false", CoordinateStyle.None) })
        {
            var old = JsonSerializer.Serialize(exact.Generator, Snapshot.Json).Replace("\"CoordinateStyles\": \"Phase\"", $"\"CoordinateStyles\": {text}");
            Assert.Equal(style, JsonSerializer.Deserialize<GeneratorOptions>(old, Snapshot.Json)!.CoordinateStyles);
        }

        var noisy = exact with { Generator = exact.Generator with { Noise = NoiseModel.Parse("depol1=1e-3") } };
        var noisyJson = JsonSerializer.Serialize(noisy, Snapshot.Json);
        var noisyBack = JsonSerializer.Deserialize<TrainingOptions>(noisyJson, Snapshot.Json)!;
        Assert.Equal(NoiseModel.Parse("depol1=1e-3"), noisyBack.Generator.Noise);
        Assert.Contains("\"Noise\": \"depol1=0.001\"", noisyJson); // the text snapshots have always held
    }

    [Fact]
    public void Options_written_before_the_remedies_existed_load_as_the_official_model()
    {
        // a snapshot's options from before issue 17: no CoordinateInputs, EncoderLrMultiplier, CoordinateJitter or CoordinateStyles
        var old = """{"Data":"d","OutDir":"o","Kimg":1,"Batch":32,"Generator":{"Resolution":32,"Inr":"qiren","Circuit":"Shared","Features":8}}""";
        var back = JsonSerializer.Deserialize<TrainingOptions>(old, Snapshot.Json)!;
        Assert.Equal(new GeneratorOptions(), back.Generator with { Hidden = null });
    }
}
