using System.CommandLine;
using QirenGan.Generator.Inr;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Signals;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Data;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `fit`'s options, declared once with their documentation, and the <see cref="FitRunOptions"/> they bind to. Names
/// are parsed here; every rule about values lives in <see cref="FitRunOptions.Validate"/>.
/// </summary>
public sealed class FitArguments
{
    public Option<string> Preset { get; } = new("--preset")
    {
        Description = "paper: the official QIREN experiment for every model; fair: each model's own usual settings at QIREN's parameter count.",
        DefaultValueFactory = _ => "paper",
    };
    public Option<string?> Image { get; } = new("--image") { Description = "Image to fit (PNG, JPEG, …), centre-cropped and resized to --size. Default: the built-in test card." };
    public Option<string?> Audio { get; } = new("--audio") { Description = "WAV file to fit: frames 20000–25000, every 5th, of channel 0, scaled to peak 1 (the official window)." };
    public Option<int> Size { get; } = new("--size")
    {
        Description = "Pixels per side of the fitted image (test card drawn at it, --image resized to it); 0 = keep the image's size.",
        DefaultValueFactory = _ => FitPresets.OfficialImageSize,
    };
    public Option<string> Card { get; } = new("--card")
    {
        Description = "The built-in image fitted (and written by --test-card) when no --image or --audio is given: test-card or zone-plate.",
        DefaultValueFactory = _ => "test-card",
    };
    public Option<bool> Rgb { get; } = new("--rgb") { Description = "Fit RGB (3 outputs) instead of the official grey." };
    public Option<string?> Model { get; } = new("--model") { Description = $"Fit only these models (comma-separated): {string.Join(", ", RepresentationModels.Kinds)}. Default: all of them." };
    public Option<bool> Compare { get; } = new("--compare") { Description = "Fit every model (the default; kept for older command lines)." };
    public Option<int> Steps { get; } = new("--steps") { Description = "Adam steps on the whole signal.", DefaultValueFactory = _ => FitPresets.OfficialSteps };
    public Option<double?> Lr { get; } = new("--lr") { Description = "Adam learning rate of every model (default per preset: paper 0.03; fair: qiren 0.03, siren 1e-4, others 1e-3)." };
    public Option<string?> Schedule { get; } = new("--schedule") { Description = "Learning-rate schedule of every model: cosine (the official decay to lr/10) or constant. Default per preset." };
    public Option<long?> Budget { get; } = new("--budget") { Description = "Fair preset: the baselines' parameter count (default: QIREN's)." };
    public Option<int> Batch { get; } = new("--batch")
    {
        Description = "Random pixels (or samples) per step; 0 = all of them (full batch, as the paper).",
        DefaultValueFactory = _ => 0,
    };
    public Option<int> LogEvery { get; } = new("--log-every") { Description = "Record and print every N steps.", DefaultValueFactory = _ => 50 };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of the initial parameters.", DefaultValueFactory = _ => 0 };
    public Option<int> Qubits { get; } = new("--qubits")
    {
        Description = "Hidden features: QIREN's qubits per hybrid layer and, in the paper preset, every baseline's width (official --hidden_features).",
        DefaultValueFactory = _ => QirenOptions.Official.Qubits,
    };
    public Option<int> HiddenLayers { get; } = new("--hidden-layers")
    {
        Description = "Hidden layers after the first (official --hidden_layers; the paper preset's baselines too).",
        DefaultValueFactory = _ => QirenOptions.Official.HiddenLayers,
    };
    public Option<int> Depth { get; } = new("--depth") { Description = "QIREN: A, entangling layers per trainable unitary.", DefaultValueFactory = _ => QirenOptions.Official.Depth };
    public Option<int> Reuploads { get; } = new("--reuploads") { Description = "QIREN: S, data re-uploads (official --spectrum_layer).", DefaultValueFactory = _ => QirenOptions.Official.Reuploads };
    public Option<string> Circuit { get; } = new("--circuit")
    {
        Description = "QIREN's circuit: official (StronglyEntanglingLayers with CZ, as the paper's code) or gan (U3 + CNOT chain, the GAN's).",
        DefaultValueFactory = _ => "official",
    };
    public Option<string> Strategy { get; } = new("--strategy")
    {
        Description = "QIREN circuit simulation: auto, folded, gatebygate, spectral (the official circuit: auto or gatebygate).",
        DefaultValueFactory = _ => "auto",
    };
    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "libtorch threads for the fit; 0 = the launcher's (OMP_NUM_THREADS). These models are small: on a shared 2-core machine one thread was 2–10× faster than two (OpenMP's spinning threads collapse under load).",
        DefaultValueFactory = _ => 1,
    };
    public Option<string?> Output { get; } = new("--out") { Description = "Output folder (default: fit-<preset>, or fit-<model> for one model)." };
    public Option<string?> TestCard { get; } = new("--test-card") { Description = "Only write the built-in image (--card, --size × --size) to this PNG file and exit." };
    public Option<string?> TestTone { get; } = new("--test-tone") { Description = "Only write the built-in test sound (1 s, 44.1 kHz) to this WAV file and exit." };

    /// <summary>--shots, --noise, --zne, --zne-fit, --shot-seed: the fitted QIREN measured as a quantum computer would (training stays exact).</summary>
    public QuantumOptions Quantum { get; } = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
                 {
                     Preset, Image, Audio, Size, Card, Rgb, Model, Compare, Steps, Lr, Schedule, Budget, Batch, LogEvery, Seed, Qubits,
                     HiddenLayers, Depth, Reuploads, Circuit, Strategy, Threads, Output, TestCard, TestTone,
                 })
        {
            command.Options.Add(option);
        }
        Quantum.AddTo(command);
    }

    /// <summary>The side the built-in card is drawn at (--size, the official 32 when 0).</summary>
    public int CardSide(ParseResult result) => result.GetValue(Size) switch
    {
        0 => FitPresets.OfficialImageSize,
        var side and (< 0 or 1) => throw new CliException($"--size must be 0 (keep) or at least 2, got {side}"),
        var side => side,
    };

    /// <summary>--card zone-plate (else the test card).</summary>
    public bool ZonePlate(ParseResult result) => result.GetValue(Card)!.ToLowerInvariant() switch
    {
        "test-card" => false,
        "zone-plate" => true,
        var other => throw new CliException($"unknown --card '{other}' (test-card, zone-plate)"),
    };

    /// <summary>What the fit is to do, checked by <see cref="FitRunOptions.Validate"/>.</summary>
    public FitRunOptions Parse(ParseResult result)
    {
        var cardSide = CardSide(result);
        var side = result.GetValue(Size);
        var presetName = result.GetValue(Preset)!.ToLowerInvariant();
        var preset = presetName switch
        {
            "paper" => FitPreset.Paper,
            "fair" => FitPreset.Fair,
            _ => throw new CliException($"unknown --preset '{presetName}' (paper, fair)"),
        };
        var scheduleName = result.GetValue(Schedule)?.ToLowerInvariant();
        LearningRateSchedule? schedule = scheduleName switch
        {
            null => null,
            "cosine" => LearningRateSchedule.Cosine,
            "constant" => LearningRateSchedule.Constant,
            _ => throw new CliException($"unknown --schedule '{scheduleName}' (cosine, constant)"),
        };
        var circuitName = result.GetValue(Circuit)!.ToLowerInvariant();
        var ansatz = circuitName switch
        {
            "official" => Ansatz.StronglyEntangling,
            "gan" => Ansatz.U3CnotChain,
            _ => throw new CliException($"unknown --circuit '{circuitName}' (official, gan)"),
        };
        var strategyName = result.GetValue(Strategy)!;
        var strategy = Enum.TryParse<SimulationStrategy>(strategyName.Replace("-", ""), ignoreCase: true, out var s) && Enum.IsDefined(s)
            ? s
            : throw new CliException($"unknown --strategy '{strategyName}' (auto, folded, gatebygate, spectral)");
        var kind = result.GetValue(Model)?.ToLowerInvariant();
        if (kind is not null && result.GetValue(Compare))
        {
            throw new CliException("give --model or --compare, not both");
        }
        var models = kind?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        var (imagePath, audioPath) = (result.GetValue(Image), result.GetValue(Audio));
        if (audioPath is not null && !File.Exists(audioPath))
        {
            throw new CliException($"{audioPath}: no such file");
        }
        var pixels = result.GetValue(Batch);
        var seed = result.GetValue(Seed);
        FitRunOptions options;
        try
        {
            options = new FitRunOptions(
                result.GetValue(Output) ?? (models is { Count: 1 } ? $"fit-{models[0]}" : $"fit-{presetName}"),
                preset,
                models,
                ImageName: imagePath,
                AudioPath: audioPath,
                TestCardSize: cardSide,
                ZonePlate: ZonePlate(result),
                Rgb: result.GetValue(Rgb),
                Fit: new FitOptions(result.GetValue(Steps), result.GetValue(Lr), result.GetValue(LogEvery), pixels > 0 ? pixels : pixels < 0 ? pixels : null, seed),
                Schedule: schedule,
                Budget: result.GetValue(Budget),
                Seed: seed,
                Qiren: new QirenOptions(result.GetValue(Qubits), result.GetValue(HiddenLayers), result.GetValue(Depth), result.GetValue(Reuploads), ansatz),
                Strategy: strategy,
                Execution: Quantum.Parse(result));
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
        // Read last, once every option is known to be good: a bad option is reported before a slow decode.
        return options with { Image = imagePath is null ? null : Decode(imagePath, side) };
    }

    private static RgbImage Decode(string path, int side)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file");
        }
        try
        {
            var picture = ImageCodec.Decode(path);
            return side == 0 ? picture : ImageResize.ToSquare(picture, side);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
        {
            throw new CliException($"--image {path}: {e.Message}");
        }
    }
}
