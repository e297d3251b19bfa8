using System.Text.Json;
using System.Text.Json.Serialization;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// A <see cref="NoiseModel"/> in JSON as its <see cref="NoiseModel.Parse"/> text, e.g. "depol1=0.001,depol2=0.01": the
/// format options.json and snapshot metadata have always held (the option was a string before it was typed), so old
/// snapshots load. Written with <see cref="NoiseModel.ToRoundTripString"/>, so every rate reads back bit for bit.
/// JSON null is left to the serializer (null = exact circuits).
/// </summary>
public sealed class NoiseModelJson : JsonConverter<NoiseModel>
{
    /// <inheritdoc/>
    public override NoiseModel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Noise: expected a noise model such as \"depol1=0.001,depol2=0.01\", got {reader.TokenType}");
        }
        try
        {
            return NoiseModel.Parse(reader.GetString()!, "Noise");
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, NoiseModel value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToRoundTripString());
}
