using System.CommandLine;
using QirenGan.Generator.Inr;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Signals;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan fit`: the QIREN paper's signal-representation task — fit one image or sound with a coordinate network
/// (qiren, siren, relu, tanh, rff), or all of them at matched parameter budgets with --compare.
/// </summary>
public static class FitCommand
{
    public static Command Build()
    {
        var image = new Option<string?>("--image") { Description = "Image to fit (PNG, JPEG, …). Default: the built-in test card." };
        var audio = new Option<string?>("--audio") { Description = "WAV file to fit (PCM 8/16/24/32-bit or float, mono or stereo)." };
        var model = new Option<string>("--model")
        {
            Description = $"Network: {string.Join(", ", RepresentationModels.Kinds)}.",
            DefaultValueFactory = _ => "qiren",
        };
        var compare = new Option<bool>("--compare") { Description = "Fit every model at matched parameter budgets and write a comparison table." };
        var steps = new Option<int>("--steps") { Description = "Adam steps on the whole signal.", DefaultValueFactory = _ => 500 };
        var output = new Option<string?>("--out") { Description = "Output folder (default: fit-<model> or fit-compare)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial parameters.", DefaultValueFactory = _ => 0 };
        var lr = new Option<double?>("--lr") { Description = "Adam learning rate (default per model: qiren 1e-2, others 1e-3)." };
        var budget = new Option<long?>("--budget") { Description = "Target parameter count of every model (default: the default QIREN's)." };
        var batch = new Option<int>("--batch")
        {
            Description = "Random pixels (or samples) per step; 0 = all of them (full batch, as the paper).",
            DefaultValueFactory = _ => 0,
        };
        var logEvery = new Option<int>("--log-every") { Description = "Record and print every N steps.", DefaultValueFactory = _ => 25 };
        var qubits = new Option<int>("--qubits") { Description = "QIREN: qubits per hybrid layer.", DefaultValueFactory = _ => 4 };
        var depth = new Option<int>("--depth") { Description = "QIREN: A, U3+CNOT blocks per trainable unitary.", DefaultValueFactory = _ => 2 };
        var reuploads = new Option<int>("--reuploads") { Description = "QIREN: S, data re-uploads.", DefaultValueFactory = _ => 2 };
        var strategy = new Option<string>("--strategy")
        {
            Description = "QIREN circuit simulation: auto, folded, gatebygate, spectral.",
            DefaultValueFactory = _ => "auto",
        };
        var size = new Option<int>("--size") { Description = "Pixels per side of the built-in test card.", DefaultValueFactory = _ => 256 };
        var testCard = new Option<string?>("--test-card")
        {
            Description = "Only write the built-in test card (--size × --size) to this PNG file and exit.",
        };

        var command = new Command("fit",
            "Fit a coordinate network to one image or sound (QIREN's signal-representation task); writes MSE/PSNR per " +
            "step (CSV), the reconstruction (PNG + a 2× render, or WAV) and, with --compare, a table of all models.");
        foreach (var option in new Option[] { image, audio, model, compare, steps, output, seed, lr, budget, batch, logEvery, qubits, depth, reuploads, strategy, size, testCard })
        {
            command.Options.Add(option);
        }
        command.SetAction(result =>
        {
            var cardSize = result.GetValue(size);
            if (cardSize < 2)
            {
                throw new CliException($"--size must be at least 2, got {cardSize}");
            }
            var cardPath = result.GetValue(testCard);
            if (cardPath is not null)
            {
                ImageCodec.WritePng(cardPath, TestCard.Create(cardSize, cardSize));
                Console.WriteLine($"wrote the {cardSize}×{cardSize} test card to {cardPath}");
                return 0;
            }
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
            var kind = result.GetValue(model)!.ToLowerInvariant();
            var all = result.GetValue(compare);
            if (!all && !RepresentationModels.Kinds.Contains(kind))
            {
                throw new CliException($"unknown --model '{kind}' (expected {string.Join(", ", RepresentationModels.Kinds)})");
            }
            var stepCount = result.GetValue(steps);
            var every = result.GetValue(logEvery);
            if (stepCount < 1 || every < 1)
            {
                throw new CliException($"--steps and --log-every must be at least 1, got {stepCount} and {every}");
            }
            var qiren = new QirenOptions(result.GetValue(qubits), Depth: result.GetValue(depth), Reuploads: result.GetValue(reuploads));
            if (qiren.Qubits is < 1 or > CircuitSpec.MaxQubits || qiren.Depth < 1 || qiren.Reuploads < 1)
            {
                throw new CliException($"--qubits must be in 1..{CircuitSpec.MaxQubits} and --depth, --reuploads at least 1");
            }
            var options = new FitRunOptions(
                imagePath,
                audioPath,
                cardSize,
                all ? RepresentationModels.Kinds : [kind],
                result.GetValue(output) ?? (all ? "fit-compare" : $"fit-{kind}"),
                new FitOptions(stepCount, result.GetValue(lr), every, result.GetValue(batch) > 0 ? result.GetValue(batch) : null,
                    result.GetValue(seed)),
                result.GetValue(budget),
                result.GetValue(seed),
                qiren,
                ParseStrategy(result.GetValue(strategy)!));
            IReadOnlyList<FitResult> results;
            try
            {
                results = FitRun.Run(options, Console.Out);
            }
            catch (InvalidDataException e)
            {
                throw new CliException(e.Message);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message);
            }
            Console.WriteLine();
            BenchCommand.PrintTable(FitRun.ComparisonHeader, FitRun.ComparisonRows(results).Select(r => r.ToArray()));
            Console.WriteLine($"outputs in {Path.GetFullPath(options.OutputDirectory)}");
            return 0;
        });
        return command;
    }

    private static SimulationStrategy ParseStrategy(string name) =>
        Enum.TryParse<SimulationStrategy>(name.Replace("-", ""), ignoreCase: true, out var s) && Enum.IsDefined(s)
            ? s
            : throw new CliException($"unknown --strategy '{name}' (auto, folded, gatebygate, spectral)");
}
