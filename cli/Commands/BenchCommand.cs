using System.CommandLine;
using System.Text.Json;
using QirenGan.Cli.Bench;
using QirenGan.Generator.Quantum;
using QirenGan.Torch;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan bench &lt;what&gt;`: timing benchmarks, one sub-verb each. To add one, write a
/// <c>static Command X()</c> below (or in its own file) and list it in <see cref="Benches"/>.
/// </summary>
public static class BenchCommand
{
    public static Command Build()
    {
        var command = new Command("bench",
            "Every performance figure (circuit layer, generator inference, training images/s at 32×32 and 64×64, peak memory, " +
            ".NET allocations, FLOPs against the matmul peak) with its target and a pass/fail mark; sub-verbs measure one part.");
        var json = new Option<bool>("--json") { Description = "Print JSON (with the machine, thread, BLAS and allocator settings) instead of a table." };
        var iterations = new Option<int>("--iterations") { Description = "Timed training iterations per case (median).", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed repetitions before each measurement.", DefaultValueFactory = _ => 2 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions of circuit and generator measurements (median).", DefaultValueFactory = _ => 10 };
        var resolutions = new Option<int[]>("--resolutions")
        {
            Description = "Training resolutions to time (32 is the official configuration).",
            DefaultValueFactory = _ => [32, 64],
            AllowMultipleArgumentsPerToken = true,
        };
        var profile = new Option<string?>("--profile")
        {
            Description = "Also write libtorch operator traces (Chrome trace JSON) of generator inference and of the official training case to DIR and print the heaviest operators.",
        };
        var trainingCase = new Option<string?>("--training-case") { Description = "(internal) time one training case given as JSON and print its result.", Hidden = true };
        command.Options.Add(json);
        command.Options.Add(iterations);
        command.Options.Add(warmup);
        command.Options.Add(repeats);
        command.Options.Add(resolutions);
        command.Options.Add(profile);
        command.Options.Add(trainingCase);
        command.SetAction(result =>
        {
            if (result.GetValue(trainingCase) is { } caseJson)
            {
                var c = JsonSerializer.Deserialize<TrainingCase>(caseJson) ?? throw new CliException("bench: empty --training-case");
                Console.WriteLine(JsonSerializer.Serialize(TrainingBench.RunInProcess(c)));
                return 0;
            }
            var settings = new BenchSettings(result.GetValue(resolutions) ?? [32, 64], result.GetValue(warmup),
                result.GetValue(iterations), result.GetValue(repeats),
                result.GetValue(profile) is { } dir ? Path.GetFullPath(dir) : null);
            if (settings.Iterations < 1 || settings.Repeats < 1 || settings.Warmup < 0)
            {
                throw new CliException("bench: --iterations and --repeats must be at least 1 and --warmup at least 0");
            }
            if (settings.Resolutions.Any(r => r < 16 || (r & (r - 1)) != 0))
            {
                throw new CliException($"bench: --resolutions must be powers of two ≥ 16, got {string.Join(", ", settings.Resolutions)}");
            }
            var asJson = result.GetValue(json);
            var report = BenchSuite.Run(settings, line => Console.Error.WriteLine($"[bench] {line}"));
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            }
            else
            {
                BenchPrinter.Print(report);
            }
            return 0;
        });
        foreach (var bench in Benches())
        {
            command.Subcommands.Add(bench);
        }
        return command;
    }

    /// <summary>Every bench sub-verb.</summary>
    public static IEnumerable<Command> Benches() =>
    [
        Quantum(),
        DecodeBench.Build(),
        ShotsBench.Build(),
        ProjectBench.Build(),
    ];

    /// <summary>The options every bench shares: --json and --repeats.</summary>
    public sealed class CommonOptions
    {
        public Option<bool> Json { get; } = new("--json") { Description = "Print JSON instead of a table." };

        public Option<int> Repeats { get; } = new("--repeats")
        {
            Description = "Timed repetitions per configuration (the median is reported).",
            DefaultValueFactory = _ => 10,
        };

        public void AddTo(Command command)
        {
            command.Options.Add(Json);
            command.Options.Add(Repeats);
        }
    }

    private static Command Quantum()
    {
        var common = new CommonOptions();
        var batch = new Option<int>("--batch") { Description = "Images per batch in the per-image cases.", DefaultValueFactory = _ => 32 };
        var resolution = new Option<int>("--resolution") { Description = "Pixels per side (P = resolution²).", DefaultValueFactory = _ => 64 };
        var circuits = new Option<int>("--circuits") { Description = "Circuits of the encoder.", DefaultValueFactory = _ => 8 };
        var strategy = new Option<string?>("--strategy")
        {
            Description = "Only this strategy (folded, gatebygate, spectral, auto); default: all.",
        };
        var sweep = new Option<int>("--sweep")
        {
            Description = "Instead: forward+backward of every strategy for n = 1..N qubits (Z on every wire, P shared inputs, one shared circuit and --batch per-image ones); 0 = off.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("quantum",
            "Forward and forward+backward time of the circuit layer and the QIREN encoder at the official GAN shape " +
            "(2 qubits, A=2, S=2, 8 circuits, 64×64 pixels), shared θ and per-image θ, for every simulation strategy.");
        common.AddTo(command);
        command.Options.Add(batch);
        command.Options.Add(resolution);
        command.Options.Add(circuits);
        command.Options.Add(strategy);
        command.Options.Add(sweep);
        command.SetAction(result =>
        {
            var repeats = result.GetValue(common.Repeats);
            if (repeats < 1)
            {
                throw new CliException($"--repeats must be at least 1, got {repeats}");
            }
            var json = result.GetValue(common.Json);
            var sweepQubits = result.GetValue(sweep);
            if (sweepQubits > 0)
            {
                RunSweep(sweepQubits, (long)result.GetValue(resolution) * result.GetValue(resolution), result.GetValue(batch), repeats, json);
                return 0;
            }
            var options = new QuantumBenchOptions(result.GetValue(batch), result.GetValue(circuits), result.GetValue(resolution),
                Repeats: repeats);
            var only = result.GetValue(strategy);
            var strategies = only is null ? QuantumBenchmark.AllStrategies : [ParseStrategy(only)];
            var results = QuantumBenchmark.Run(options, strategies);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    options,
                    threads = TorchRuntime.Threads,
                    results = results.Select(r => new
                    {
                        r.Case,
                        strategy = r.Strategy.ToString(),
                        resolved = r.Resolved.ToString(),
                        r.Evaluations,
                        forward_ms = Math.Round(r.ForwardMs, 3),
                        forward_backward_ms = Math.Round(r.ForwardBackwardMs, 3),
                        cpu_ms = Math.Round(r.CpuMs, 3),
                    }),
                }, JsonOptions));
            }
            else
            {
                Console.WriteLine($"quantum layer: 2 qubits, A={options.Depth}, S={options.Reuploads}, {options.Circuits} circuits, " +
                    $"{options.Resolution}×{options.Resolution} pixels; median of {repeats} after {options.Warmup} warm-up; " +
                    $"{TorchRuntime.Threads} threads");
                PrintTable(["case", "strategy", "evaluations", "forward ms", "fwd+bwd ms", "cpu ms"],
                    results.Select(r => new[]
                    {
                        r.Case,
                        r.Strategy == SimulationStrategy.Auto ? $"Auto ({r.Resolved})" : r.Strategy.ToString(),
                        r.Evaluations.ToString("N0"),
                        r.ForwardMs.ToString("F2"),
                        r.ForwardBackwardMs.ToString("F2"),
                        r.CpuMs.ToString("F1"),
                    }));
            }
            return 0;
        });
        return command;
    }

    private static void RunSweep(int maxQubits, long pixels, int images, int repeats, bool json)
    {
        var results = QuantumBenchmark.Sweep(maxQubits, pixels, images, depth: 2, reuploads: 2, repeats);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(results.Select(r => new
            {
                qubits = r.Qubits,
                images = r.Images,
                strategy = r.Strategy.ToString(),
                resolved = r.Resolved.ToString(),
                forward_backward_ms = Math.Round(r.Milliseconds, 3),
            }), JsonOptions));
            return;
        }
        Console.WriteLine($"forward+backward ms, Z on every wire, A=2, S=2, {pixels} shared inputs; median of {repeats}");
        PrintTable(["qubits", "circuits", "strategy", "fwd+bwd ms"],
            results.Select(r => new[]
            {
                r.Qubits.ToString(), r.Images == 1 ? "1 shared" : $"{r.Images} per-image",
                r.Strategy == SimulationStrategy.Auto ? $"Auto ({r.Resolved})" : r.Strategy.ToString(),
                r.Milliseconds.ToString("F2"),
            }));
    }

    private static SimulationStrategy ParseStrategy(string name) =>
        Enum.TryParse<SimulationStrategy>(name.Replace("-", ""), ignoreCase: true, out var s)
            ? s
            : throw new CliException($"unknown strategy '{name}' (folded, gatebygate, spectral, auto)");

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>A plain aligned text table (first column left-aligned, others right-aligned).</summary>
    public static void PrintTable(string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, c) => all.Max(r => r[c].Length)).ToArray();
        for (var i = 0; i < all.Count; ++i)
        {
            Console.WriteLine(string.Join("  ", all[i].Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
            if (i == 0)
            {
                Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
    }
}
