using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QirenGan.Cli.Commands;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch;

namespace QirenGan.Cli.Bench;

/// <summary>
/// `qirengan bench shots`: the render of an image (z → mapping → synthesis, no gradients) with exact circuits, with
/// finite shots, and through the density-matrix simulation of a noisy device, for shared and per-image circuits,
/// as milliseconds per image and as a multiple of the exact render (target: 10⁴ shots within 10×).
/// </summary>
public static class ShotsBench
{
    /// <summary>The noise of the density-matrix cases (the README's mildest device).</summary>
    public const string Noise = "depol1=1e-3,depol2=1e-2";

    /// <summary>The issue's bound: a 32×32 render at 10⁴ shots within 10× the exact one.</summary>
    public const double ShotSlowdownTarget = 10;

    /// <summary>One timed case.</summary>
    /// <param name="Circuit">shared or generated.</param>
    /// <param name="Batch">Images per forward.</param>
    /// <param name="Render">exact, N shots, density matrix, …</param>
    /// <param name="MsPerImage">Median wall time of a forward ÷ batch.</param>
    /// <param name="TimesExact">MsPerImage ÷ the exact case's at the same circuit mode and batch.</param>
    public sealed record Result(string Circuit, int Batch, string Render, double MsPerImage, double TimesExact);

    public static Command Build()
    {
        var common = new BenchCommand.CommonOptions();
        var resolution = new Option<int>("--resolution") { Description = "Pixels per side of the render.", DefaultValueFactory = _ => 32 };
        var shots = new Option<long>("--shots") { Description = "Shots per circuit evaluation of the shot cases.", DefaultValueFactory = _ => 10_000 };
        var batches = new Option<int[]>("--batches")
        {
            Description = "Images per forward (1: one image's own cost; 16: generate's chunk).",
            DefaultValueFactory = _ => [1, 16],
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("shots",
            "Render time of a 32×32 image: exact circuits, finite shots (--shots), shots on a noisy device and the density-matrix " +
            $"simulation ({Noise}), shared and per-image circuits; each against the exact render (target: shots within {ShotSlowdownTarget}×).");
        common.AddTo(command);
        command.Options.Add(resolution);
        command.Options.Add(shots);
        command.Options.Add(batches);
        command.SetAction(result =>
        {
            var repeats = result.GetValue(common.Repeats);
            var r = result.GetValue(resolution);
            var n = result.GetValue(shots);
            var sizes = result.GetValue(batches) ?? [1, 16];
            if (repeats < 1 || r < 2 || n < 1 || n > ShotSampler.MaxShots || sizes.Length == 0 || sizes.Any(b => b < 1))
            {
                throw new CliException($"bench shots: --repeats ≥ 1, --resolution ≥ 2, --shots in 1..{ShotSampler.MaxShots} and --batches ≥ 1, got {repeats}, {r}, {n}, {string.Join(",", sizes)}");
            }
            var results = Run(r, n, sizes, repeats, line => Console.Error.WriteLine($"[bench] {line}"));
            if (result.GetValue(common.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { resolution = r, shots = n, noise = Noise, threads = TorchRuntime.Threads, results }));
                return 0;
            }
            Console.WriteLine($"render {r}×{r}, official generator (8 circuits of 2 qubits, A=2, S=2); median of {repeats}; {TorchRuntime.Threads} threads");
            BenchCommand.PrintTable(["circuits", "batch", "render", "ms/image", "× exact", "target"],
                results.Select(x => new[]
                {
                    x.Circuit, x.Batch.ToString(CultureInfo.InvariantCulture), x.Render, x.MsPerImage.ToString("F2", CultureInfo.InvariantCulture),
                    x.TimesExact.ToString("F2", CultureInfo.InvariantCulture),
                    x.Render == $"{n} shots" ? (x.TimesExact <= ShotSlowdownTarget ? "≤ 10 pass" : "≤ 10 FAIL") : "",
                }));
            return 0;
        });
        return command;
    }

    public static List<Result> Run(int resolution, long shots, int[] batches, int repeats, Action<string> progress)
    {
        var noise = NoiseModel.Parse(Noise);
        var renders = new (string Name, QuantumExecution? Execution)[]
        {
            ("exact", null),
            ($"{shots} shots", new QuantumExecution(shots)),
            ($"density matrix ({Noise})", new QuantumExecution(0, noise)),
            ($"density matrix + {shots} shots", new QuantumExecution(shots, noise)),
        };
        var results = new List<Result>();
        foreach (var circuit in new[] { CircuitMode.Shared, CircuitMode.Generated })
        {
            using var g = new QirenGenerator(new GeneratorOptions(resolution, Circuit: circuit));
            g.Eval();
            foreach (var batch in batches)
            {
                double exact = 0;
                foreach (var (name, execution) in renders)
                {
                    progress($"{circuit.ToString().ToLowerInvariant()} circuits, batch {batch}, {name} …");
                    g.UseExecution(execution);
                    var ms = MsPerImage(g, batch, repeats);
                    exact = execution is null ? ms : exact;
                    results.Add(new Result(circuit.ToString().ToLowerInvariant(), batch, name, ms, ms / exact));
                }
                g.UseExecution(null);
            }
        }
        return results;
    }

    private static double MsPerImage(QirenGenerator g, int batch, int repeats)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var z = Latents.FromSeeds(Enumerable.Range(0, batch).ToArray(), g.Options.ZDim, Device.Cpu);
        var times = new List<double>();
        for (var i = 0; i < repeats + 1; ++i) // the first forward warms up
        {
            using var step = DisposeScope.Enter();
            var clock = Stopwatch.StartNew();
            g.Forward(z);
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds / batch);
            }
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
