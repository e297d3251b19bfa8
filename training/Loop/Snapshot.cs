using System.Text.Json;
using System.Text.Json.Serialization;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using QirenGan.Torch.Checkpoints;

namespace QirenGan.Training.Loop;

/// <summary>Progress and random-stream state saved with the weights, so a resumed run continues bit for bit.</summary>
public sealed record TrainingState(
    long CurNimg,
    long Tick,
    long BatchIndex,
    long GSteps,
    long DSteps,
    long LoaderEpoch,
    long LoaderPosition,
    string LatentRngState,
    double ElapsedSeconds);

/// <summary>
/// A network snapshot: one safetensors file holding G, G_ema, D and both optimisers' moments as tensors, and in
/// its metadata the format version, the options that rebuild the networks and the training state. Readable
/// from Python (safetensors), never executable.
/// </summary>
public static class Snapshot
{
    public const string Format = "qirengan-snapshot-1";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(string path, TrainingOptions options, TrainingState state,
        IEnumerable<(string Prefix, IReadOnlyDictionary<string, Tensor> Tensors)> parts)
    {
        var all = new Dictionary<string, Tensor>();
        foreach (var (prefix, tensors) in parts)
        {
            foreach (var (name, t) in tensors)
            {
                all[prefix + name] = t;
            }
        }
        SafeTensors.Write(path, all, new Dictionary<string, string>
        {
            ["format"] = Format,
            ["training_options"] = JsonSerializer.Serialize(options, Json),
            ["generator_options"] = JsonSerializer.Serialize(options.Generator, Json),
            ["training_state"] = JsonSerializer.Serialize(state, Json),
        });
    }

    /// <summary>Reads a snapshot; throws <see cref="InvalidDataException"/> naming the file when it is not one of ours.</summary>
    public static LoadedSnapshot Read(string path, Device? device = null)
    {
        var (tensors, meta) = SafeTensors.Read(path, device);
        try
        {
            if (!meta.TryGetValue("format", out var format) || format != Format)
            {
                throw new InvalidDataException($"{path}: not a QirenGan snapshot (format '{format ?? "none"}', expected '{Format}')");
            }
            var options = JsonSerializer.Deserialize<TrainingOptions>(meta["training_options"], Json)
                ?? throw new InvalidDataException($"{path}: empty training options");
            var state = JsonSerializer.Deserialize<TrainingState>(meta["training_state"], Json)
                ?? throw new InvalidDataException($"{path}: empty training state");
            return new LoadedSnapshot(path, options, state, tensors);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException)
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
            throw new InvalidDataException($"{path}: damaged snapshot metadata: {e.Message}", e);
        }
    }

    /// <summary>The training state of a snapshot, from its metadata only (no tensors).</summary>
    public static TrainingState ReadState(string path)
    {
        var meta = SafeTensors.ReadMetadata(path);
        try
        {
            return JsonSerializer.Deserialize<TrainingState>(meta["training_state"], Json)
                ?? throw new InvalidDataException($"{path}: empty training state");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path}: damaged snapshot metadata: {e.Message}", e);
        }
    }

    /// <summary>Loads only the EMA generator (what generate, interpolate and metrics use), in eval mode.</summary>
    public static QirenGenerator LoadGenerator(string path, Device? device = null)
    {
        using var snapshot = Read(path);
        var g = new QirenGenerator(snapshot.Options.Generator);
        g.LoadStateDict(snapshot.Part("G_ema."), path);
        g.Eval();
        if (device is { } d && d != Device.Cpu)
        {
            g.To(d);
        }
        return g;
    }
}

/// <summary>An opened snapshot; disposing frees its tensors.</summary>
public sealed class LoadedSnapshot(string path, TrainingOptions options, TrainingState state, Dictionary<string, Tensor> tensors)
    : IDisposable
{
    public string Path { get; } = path;
    public TrainingOptions Options { get; } = options;
    public TrainingState State { get; } = state;
    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    /// <summary>The tensors under <paramref name="prefix"/>, with the prefix removed.</summary>
    public Dictionary<string, Tensor> Part(string prefix) =>
        Tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    public void Dispose()
    {
        foreach (var t in Tensors.Values)
        {
            t.Dispose();
        }
    }
}
