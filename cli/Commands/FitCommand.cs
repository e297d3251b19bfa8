using System.CommandLine;
using QirenGan.Generator.Inr;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Signals;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Data;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan fit`: the QIREN paper's signal-representation task — fit one image or sound with QIREN and the
/// paper's baselines (siren, relu, tanh, rff) and print the comparison. `--preset paper` (the default) is the
/// official experiment: 32×32 grey, 8 hidden features, 2 hidden layers, S = 2, 301 steps of Adam 0.03 with the
/// cosine decay; `--preset fair` gives every baseline its own usual settings at QIREN's parameter count. Explicit
/// options override the preset.
/// </summary>
public static class FitCommand
{
    public static Command Build()
    {
        var preset = new Option<string>("--preset")
        {
            Description = "paper: the official QIREN experiment for every model; fair: each model's own usual settings at QIREN's parameter count.",
            DefaultValueFactory = _ => "paper",
        };
        var image = new Option<string?>("--image") { Description = "Image to fit (PNG, JPEG, …), centre-cropped and resized to --size. Default: the built-in test card." };
        var audio = new Option<string?>("--audio") { Description = "WAV file to fit: frames 20000–25000, every 5th, of channel 0, scaled to peak 1 (the official window)." };
        var size = new Option<int>("--size")
        {
            Description = "Pixels per side of the fitted image (test card drawn at it, --image resized to it); 0 = keep the image's size.",
            DefaultValueFactory = _ => FitPresets.OfficialImageSize,
        };
        var card = new Option<string>("--card")
        {
            Description = "The built-in image fitted (and written by --test-card) when no --image or --audio is given: test-card or zone-plate.",
            DefaultValueFactory = _ => "test-card",
        };
        var rgb = new Option<bool>("--rgb") { Description = "Fit RGB (3 outputs) instead of the official grey." };
        var model = new Option<string?>("--model") { Description = $"Fit only these models (comma-separated): {string.Join(", ", RepresentationModels.Kinds)}. Default: all of them." };
        var compare = new Option<bool>("--compare") { Description = "Fit every model (the default; kept for older command lines)." };
        var steps = new Option<int>("--steps") { Description = "Adam steps on the whole signal.", DefaultValueFactory = _ => FitPresets.OfficialSteps };
        var lr = new Option<double?>("--lr") { Description = "Adam learning rate of every model (default per preset: paper 0.03; fair: qiren 0.03, siren 1e-4, others 1e-3)." };
        var schedule = new Option<string?>("--schedule") { Description = "Learning-rate schedule of every model: cosine (the official decay to lr/10) or constant. Default per preset." };
        var budget = new Option<long?>("--budget") { Description = "Fair preset: the baselines' parameter count (default: QIREN's)." };
        var batch = new Option<int>("--batch")
        {
            Description = "Random pixels (or samples) per step; 0 = all of them (full batch, as the paper).",
            DefaultValueFactory = _ => 0,
        };
        var logEvery = new Option<int>("--log-every") { Description = "Record and print every N steps.", DefaultValueFactory = _ => 50 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial parameters.", DefaultValueFactory = _ => 0 };
        var qubits = new Option<int>("--qubits")
        {
            Description = "Hidden features: QIREN's qubits per hybrid layer and, in the paper preset, every baseline's width (official --hidden_features).",
            DefaultValueFactory = _ => QirenOptions.Official.Qubits,
        };
        var hiddenLayers = new Option<int>("--hidden-layers")
        {
            Description = "Hidden layers after the first (official --hidden_layers; the paper preset's baselines too).",
            DefaultValueFactory = _ => QirenOptions.Official.HiddenLayers,
        };
        var depth = new Option<int>("--depth") { Description = "QIREN: A, entangling layers per trainable unitary.", DefaultValueFactory = _ => QirenOptions.Official.Depth };
        var reuploads = new Option<int>("--reuploads") { Description = "QIREN: S, data re-uploads (official --spectrum_layer).", DefaultValueFactory = _ => QirenOptions.Official.Reuploads };
        var circuit = new Option<string>("--circuit")
        {
            Description = "QIREN's circuit: official (StronglyEntanglingLayers with CZ, as the paper's code) or gan (U3 + CNOT chain, the GAN's).",
            DefaultValueFactory = _ => "official",
        };
        var strategy = new Option<string>("--strategy")
        {
            Description = "QIREN circuit simulation: auto, folded, gatebygate, spectral (the official circuit: auto or gatebygate).",
            DefaultValueFactory = _ => "auto",
        };
        var threads = new Option<int>("--threads")
        {
            Description = "libtorch threads for the fit; 0 = the launcher's (OMP_NUM_THREADS). These models are small: on a shared 2-core machine one thread was 2–10× faster than two (OpenMP's spinning threads collapse under load).",
            DefaultValueFactory = _ => 1,
        };
        var output = new Option<string?>("--out") { Description = "Output folder (default: fit-<preset>, or fit-<model> for one model)." };
        var testCard = new Option<string?>("--test-card") { Description = "Only write the built-in image (--card, --size × --size) to this PNG file and exit." };
        var testTone = new Option<string?>("--test-tone") { Description = "Only write the built-in test sound (1 s, 44.1 kHz) to this WAV file and exit." };

        var command = new Command("fit",
            "Fit coordinate networks to one image or sound (QIREN's signal-representation task) and compare them; writes " +
            "MSE/PSNR per step (CSV), the reconstructions (PNG + a 2× render, or WAV) and the table (compare.csv, compare.md).");
        foreach (var option in new Option[]
                 {
                     preset, image, audio, size, card, rgb, model, compare, steps, lr, schedule, budget, batch, logEvery, seed, qubits,
                     hiddenLayers, depth, reuploads, circuit, strategy, threads, output, testCard, testTone,
                 })
        {
            command.Options.Add(option);
        }
        // Training stays exact; these measure the fitted QIREN's evaluation as a quantum computer would.
        var quantum = new QuantumOptions();
        quantum.AddTo(command);
        command.SetAction(result =>
        {
            var side = result.GetValue(size);
            if (side < 0 || side == 1)
            {
                throw new CliException($"--size must be 0 (keep) or at least 2, got {side}");
            }
            var cardName = result.GetValue(card)!.ToLowerInvariant();
            if (cardName is not ("test-card" or "zone-plate"))
            {
                throw new CliException($"unknown --card '{cardName}' (test-card, zone-plate)");
            }
            var zonePlate = cardName == "zone-plate";
            if (result.GetValue(testCard) is { } cardPath)
            {
                var cardSide = side == 0 ? FitPresets.OfficialImageSize : side;
                Write(cardPath, () => ImageCodec.WritePng(cardPath,
                    zonePlate ? TestCard.ZonePlate(cardSide, cardSide) : TestCard.Create(cardSide, cardSide)));
                Console.WriteLine($"wrote the {cardSide}×{cardSide} {cardName} to {cardPath}");
                return 0;
            }
            if (result.GetValue(testTone) is { } tonePath)
            {
                Write(tonePath, () => WavFile.Write(tonePath, TestTone.Create()));
                Console.WriteLine($"wrote the 1 s test sound to {tonePath}");
                return 0;
            }
            var options = Parse(zonePlate, result, preset, image, audio, side, rgb, model, compare, steps, lr, schedule, budget, batch, logEvery,
                seed, qubits, hiddenLayers, depth, reuploads, circuit, strategy, output);
            if (quantum.Parse(result) is { } execution)
            {
                if (options.Models is { } chosenModels && !chosenModels.Contains("qiren"))
                {
                    throw new CliException("--shots/--noise/--zne measure QIREN's circuits: add qiren to --model");
                }
                if ((execution.Noise ?? NoiseModel.None).IsZero is false && options.Qiren?.Ansatz != Ansatz.U3CnotChain)
                {
                    throw new CliException("--noise: the density-matrix simulation runs the GAN's circuit only: add --circuit gan");
                }
                options = options with { Execution = execution };
            }
            var threadCount = result.GetValue(threads);
            if (threadCount < 0)
            {
                throw new CliException($"--threads must be 0 (the launcher's) or positive, got {threadCount}");
            }
            if (threadCount > 0)
            {
                TorchRuntime.Threads = threadCount;
            }
            IReadOnlyList<FitResult> results;
            try
            {
                results = FitRun.Run(options, Console.Out);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                throw new CliException(e.Message);
            }
            Console.WriteLine();
            BenchCommand.PrintTable(FitRun.ComparisonHeader(results), FitRun.ComparisonRows(results).Select(r => r.ToArray()));
            Console.WriteLine($"outputs in {Path.GetFullPath(options.OutputDirectory)} (table: compare.csv, compare.md)");
            return 0;
        });
        return command;
    }

    private static FitRunOptions Parse(bool zonePlate, ParseResult result, Option<string> preset, Option<string?> image, Option<string?> audio,
        int side, Option<bool> rgb, Option<string?> model, Option<bool> compare, Option<int> steps, Option<double?> lr,
        Option<string?> schedule, Option<long?> budget, Option<int> batch, Option<int> logEvery, Option<ulong> seed,
        Option<int> qubits, Option<int> hiddenLayers, Option<int> depth, Option<int> reuploads, Option<string> circuit,
        Option<string> strategy, Option<string?> output)
    {
        var presetName = result.GetValue(preset)!.ToLowerInvariant();
        var chosenPreset = presetName switch
        {
            "paper" => FitPreset.Paper,
            "fair" => FitPreset.Fair,
            _ => throw new CliException($"unknown --preset '{presetName}' (paper, fair)"),
        };
        var imagePath = result.GetValue(image);
        var audioPath = result.GetValue(audio);
        if (imagePath is not null && audioPath is not null)
        {
            throw new CliException("give --image or --audio, not both");
        }
        foreach (var path in new[] { imagePath, audioPath })
        {
            if (path is not null && !File.Exists(path))
            {
                throw new CliException($"{path}: no such file");
            }
        }
        RgbImage? picture = null;
        if (imagePath is not null)
        {
            try
            {
                picture = ImageCodec.Decode(imagePath);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
            {
                throw new CliException($"--image {imagePath}: {e.Message}");
            }
            picture = side == 0 ? picture : ImageResize.ToSquare(picture, side);
        }
        var kind = result.GetValue(model)?.ToLowerInvariant();
        if (kind is not null && result.GetValue(compare))
        {
            throw new CliException("give --model or --compare, not both");
        }
        var kinds = kind?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (kinds is not null && (kinds.Count == 0 || kinds.Any(k => !RepresentationModels.Kinds.Contains(k))))
        {
            throw new CliException($"unknown --model '{kind}' (expected some of {string.Join(", ", RepresentationModels.Kinds)}, comma-separated)");
        }
        var stepCount = result.GetValue(steps);
        var every = result.GetValue(logEvery);
        if (stepCount < 1 || every < 1)
        {
            throw new CliException($"--steps and --log-every must be at least 1, got {stepCount} and {every}");
        }
        var rate = result.GetValue(lr);
        if (rate is { } r && (!double.IsFinite(r) || r <= 0))
        {
            throw new CliException($"--lr must be a positive number, got {r}");
        }
        var scheduleName = result.GetValue(schedule)?.ToLowerInvariant();
        LearningRateSchedule? chosenSchedule = scheduleName switch
        {
            null => null,
            "cosine" => LearningRateSchedule.Cosine,
            "constant" => LearningRateSchedule.Constant,
            _ => throw new CliException($"unknown --schedule '{scheduleName}' (cosine, constant)"),
        };
        var target = result.GetValue(budget);
        if (target is not null && chosenPreset != FitPreset.Fair)
        {
            throw new CliException("--budget applies to --preset fair (the paper preset uses the official sizes)");
        }
        if (target is < 1)
        {
            throw new CliException($"--budget must be positive, got {target}");
        }
        var circuitName = result.GetValue(circuit)!.ToLowerInvariant();
        var ansatz = circuitName switch
        {
            "official" => Ansatz.StronglyEntangling,
            "gan" => Ansatz.U3CnotChain,
            _ => throw new CliException($"unknown --circuit '{circuitName}' (official, gan)"),
        };
        var qiren = new QirenOptions(result.GetValue(qubits), result.GetValue(hiddenLayers), result.GetValue(depth), result.GetValue(reuploads), ansatz);
        if (qiren.Qubits is < 1 or > CircuitSpec.MaxQubits || qiren.Depth < 1 || qiren.Reuploads < 1)
        {
            throw new CliException($"--qubits must be in 1..{CircuitSpec.MaxQubits} and --depth, --reuploads at least 1");
        }
        if (qiren.HiddenLayers < 0)
        {
            throw new CliException($"--hidden-layers must be at least 0, got {qiren.HiddenLayers}");
        }
        var simulation = ParseStrategy(result.GetValue(strategy)!);
        try
        {
            new CircuitSpec(qiren.Qubits, qiren.Depth, qiren.Reuploads, Observable.ZOnEveryWire, simulation, ansatz).Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--strategy {result.GetValue(strategy)}: {e.Message}");
        }
        var pixels = result.GetValue(batch);
        if (pixels < 0)
        {
            throw new CliException($"--batch must be 0 (all) or positive, got {pixels}");
        }
        return new FitRunOptions(
            result.GetValue(output) ?? (kinds is { Count: 1 } ? $"fit-{kinds[0]}" : $"fit-{presetName}"),
            chosenPreset,
            kinds,
            picture,
            imagePath,
            audioPath,
            side == 0 ? FitPresets.OfficialImageSize : side,
            zonePlate,
            result.GetValue(rgb),
            new FitOptions(stepCount, rate, every, pixels > 0 ? pixels : null, result.GetValue(seed)),
            chosenSchedule,
            target,
            result.GetValue(seed),
            qiren,
            simulation);
    }

    private static void Write(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }

    private static SimulationStrategy ParseStrategy(string name) =>
        Enum.TryParse<SimulationStrategy>(name.Replace("-", ""), ignoreCase: true, out var s) && Enum.IsDefined(s)
            ? s
            : throw new CliException($"unknown --strategy '{name}' (auto, folded, gatebygate, spectral)");
}
