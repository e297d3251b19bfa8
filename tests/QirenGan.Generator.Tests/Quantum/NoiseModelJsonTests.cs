using System.Text.Json;
using System.Text.Json.Serialization;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>GeneratorOptions.Noise in JSON: the Parse text snapshots have always stored, now written bit-exactly.</summary>
public sealed class NoiseModelJsonTests
{
    // as the snapshot writer's (Snapshot.Json): string enums, indented
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void Noise_is_written_as_its_text_and_reads_back_equal()
    {
        // Given options with a noise model
        var options = new GeneratorOptions(Noise: new NoiseModel(Depol1: 0.001, Depol2: 0.01));

        // When written and read back
        var json = JsonSerializer.Serialize(options, Json);
        var back = JsonSerializer.Deserialize<GeneratorOptions>(json, Json)!;

        // Then the JSON holds the string form and the model reads back equal
        Assert.Contains("\"Noise\": \"depol1=0.001,depol2=0.01\"", json);
        Assert.Equal(options.Noise, back.Noise);
    }

    [Fact]
    public void Old_snapshot_text_loads_and_exact_options_stay_without_noise()
    {
        // Given options JSON as snapshots wrote it when the option was a string, and exact options
        var old = """{"Resolution":32,"Inr":"qiren","Noise":"depol1=1e-3,depol2=1e-2,readout=0.02"}""";
        var exactJson = JsonSerializer.Serialize(new GeneratorOptions(), Json);

        // Then the string parses to the model it names, exact options write no entry, and null reads as null
        Assert.Equal(new NoiseModel(Depol1: 1e-3, Depol2: 1e-2, Readout: 0.02), JsonSerializer.Deserialize<GeneratorOptions>(old, Json)!.Noise);
        Assert.DoesNotContain("Noise", exactJson);
        Assert.Null(JsonSerializer.Deserialize<GeneratorOptions>(exactJson, Json)!.Noise);
        Assert.Null(JsonSerializer.Deserialize<GeneratorOptions>("""{"Noise":null}""", Json)!.Noise);
        Assert.Equal(NoiseModel.None, JsonSerializer.Deserialize<GeneratorOptions>("""{"Noise":"none"}""", Json)!.Noise);
    }

    [Fact]
    public void Rates_round_trip_bit_for_bit_where_four_digits_would_not()
    {
        // Given rates with more than 4 significant digits (1/3, 0.1 + 0.2, the smallest subnormal, 1 − 2⁻⁵³)
        var model = new NoiseModel(1.0 / 3, 0.1 + 0.2, double.Epsilon, 1 - Math.Pow(2, -53), 0.012345678901234567);

        // When written to JSON and read back
        var back = JsonSerializer.Deserialize<GeneratorOptions>(JsonSerializer.Serialize(new GeneratorOptions(Noise: model), Json), Json)!.Noise!;

        // Then every rate is the same double, bit for bit, while the 4-digit display form loses them
        double[] Bits(NoiseModel m) => [m.Depol1, m.Depol2, m.AmplitudeDamping, m.PhaseDamping, m.Readout];
        Assert.Equal(Bits(model).Select(BitConverter.DoubleToInt64Bits), Bits(back).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(model, NoiseModel.Parse(model.ToRoundTripString()));
        Assert.NotEqual(model, NoiseModel.Parse(model.ToString()));
    }

    [Fact]
    public void A_noise_string_that_does_not_parse_is_a_json_error_naming_it()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<GeneratorOptions>("""{"Noise":"foo=0.1"}""", Json));
        Assert.Contains("unknown channel 'foo'", e.Message);
    }
}
