using System.CommandLine;
using System.Globalization;
using QirenGan.Eval.Grids;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using QirenGan.Torch.Checkpoints;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan inspect`: every coordinate feature a snapshot's generator computes (each QIREN circuit's ⟨Z₀⟩ over the
/// pixel grid, or a baseline's activations), as labelled diverging-colour grids at the training resolution and
/// --scale times it, for G_ema and for the same network at initialisation; and each circuit's effective spatial
/// frequencies (<see cref="EncoderFrequencies"/>) as a printed table, frequencies.csv and frequencies.json.
/// </summary>
public static class InspectCommand
{
    /// <summary>The raw float32 maps, one tensor per network and resolution ("snapshot.32": [N, C, R, R]).</summary>
    public const string FeaturesFile = "features.safetensors";

    public static Command Build()
    {
        var network = new Option<string>("--network") { Description = "A network-snapshot-*.safetensors file.", Required = true };
        var outdir = new Option<string>("--out") { Description = "Folder for features-*.png, features.safetensors, frequencies.csv and frequencies.json.", Required = true };
        var seeds = new Option<string>("--seeds") { Description = "Images whose features are rendered when circuits are generated per image (--circuit generated); ignored otherwise.", DefaultValueFactory = _ => "0-3" };
        var scale = new Option<int>("--scale") { Description = "Also render at this multiple of the training resolution (1 = only the training one).", DefaultValueFactory = _ => 4 };
        var command = new Command("inspect", "Render every coordinate feature of a snapshot (and of its initialisation) and tabulate the circuits' spatial frequencies.");
        foreach (var o in new Option[] { network, outdir, seeds, scale })
        {
            command.Options.Add(o);
        }
        command.SetAction(result =>
        {
            Run(result.GetValue(network)!, result.GetValue(outdir)!, GenerateCommand.ParseSeeds(result.GetValue(seeds)!), result.GetValue(scale));
            return 0;
        });
        return command;
    }

    private static void Run(string snapshotPath, string outdir, int[] seeds, int scale)
    {
        if (scale < 1)
        {
            throw new CliException($"--scale must be at least 1, got {scale}");
        }
        QirenGenerator trained;
        TrainingState state;
        try
        {
            state = Snapshot.ReadState(snapshotPath);
            trained = Snapshot.LoadGenerator(snapshotPath);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or KeyNotFoundException or ArgumentException)
        {
            throw new CliException($"--network {snapshotPath}: cannot read the snapshot ({e.Message})");
        }
        var dir = OptionChecks.OutputFolder(outdir, "--out");
        using (trained)
        using (var initial = CoordinateFeatureMaps.AtInitialisation(trained.Options))
        {
            var r = trained.Options.Resolution;
            var resolutions = scale == 1 ? new[] { r } : [r, OptionChecks.RenderResolution(r * scale)];
            var kimg = state.CurNimg / 1000.0;
            var networks = new (string Name, string Title, QirenGenerator G)[]
            {
                ("init", "initialisation (seed " + trained.Options.Seed + ", training-grid BatchNorm statistics)", initial),
                ("snapshot", $"G_ema at {kimg.ToString("0.###", CultureInfo.InvariantCulture)} kimg", trained),
            };
            var perImage = CoordinateFeatureMaps.IsPerImage(trained);
            var maps = new Dictionary<string, Tensor>();
            try
            {
                foreach (var (name, title, g) in networks)
                {
                    var frequencies = CoordinateFeatureMaps.Frequencies(g);
                    foreach (var resolution in resolutions)
                    {
                        Console.WriteLine($"rendering {name} at {resolution}×{resolution}{(perImage ? $" for {seeds.Length} seeds" : "")}");
                        var features = CoordinateFeatureMaps.Render(g, resolution, seeds);
                        maps[$"{name}.{resolution}"] = features;
                        var file = Path.Combine(dir, $"features-{name}-{resolution}.png");
                        ImageCodec.WritePng(file, Grid(features, trained, perImage ? seeds : null, frequencies,
                            $"{title}, {resolution}×{resolution}: blue −1, white 0, red +1"));
                    }
                }
                SafeTensors.Write(Path.Combine(dir, FeaturesFile), maps, new Dictionary<string, string>
                {
                    ["network"] = Path.GetFullPath(snapshotPath),
                    ["inr"] = trained.Options.Inr,
                    ["seeds"] = perImage ? string.Join(",", seeds) : "",
                    ["layout"] = "[N, C, R, R] float32: N = seeds (per-image circuits) or 1, C = coordinate features",
                });
            }
            finally
            {
                foreach (var t in maps.Values)
                {
                    t.Dispose();
                }
            }
            Console.WriteLine($"wrote the feature grids and {FeaturesFile} to {Path.GetFullPath(dir)}");
            var tables = networks.Select(n => (n.Name, n.Title, Frequencies: CoordinateFeatureMaps.Frequencies(n.G))).ToList();
            if (tables.Any(t => t.Frequencies is null))
            {
                Console.WriteLine($"{trained.Options.Inr} has no circuits: no frequency table");
                return;
            }
            var rows = tables.Select(t => (t.Name, t.Title, Frequencies: t.Frequencies!)).ToList();
            foreach (var (_, title, frequencies) in rows)
            {
                Console.Write(FrequencyTable.Format(title, frequencies));
            }
            FrequencyTable.WriteCsv(Path.Combine(dir, FrequencyTable.CsvFile), rows.Select(t => (t.Name, t.Frequencies)));
            FrequencyTable.WriteJson(Path.Combine(dir, FrequencyTable.JsonFile), rows.Select(t => (t.Name, t.Frequencies)));
            Console.WriteLine($"wrote {FrequencyTable.CsvFile} and {FrequencyTable.JsonFile} to {Path.GetFullPath(dir)}");
        }
    }

    /// <summary>
    /// Rows = images (one row when the features are shared), columns = features, each cell a diverging-colour map of
    /// [−1, 1]; QIREN cells are captioned with their circuit's highest frequency ("!" when above the Nyquist limit).
    /// </summary>
    private static RgbImage Grid(Tensor features, QirenGenerator g, int[]? seeds, IReadOnlyList<CircuitFrequency>? frequencies, string title)
    {
        using var scope = DisposeScope.Enter();
        var (n, c, h, w) = (features.Size(0), (int)features.Size(1), features.Size(2), features.Size(3));
        var colours = DivergingColorMap.Apply(features.Reshape(n * c, h, w));          // [N·C, 3, H, W]
        var label = g.Encoder is QuantumEncoder ? "c" : "f";
        var labels = new GridLabels
        {
            Title = title,
            Columns = [.. Enumerable.Range(0, c).Select(k => $"{label}{k}")],
            Rows = seeds?.Select(s => $"seed {s}").ToList(),
            Cells = frequencies is null
                ? null
                : [.. Enumerable.Range(0, (int)n * c).Select(k => Caption(frequencies[k % c]))],
        };
        return ImageGrid.Tile(colours, c, padding: 2, background: 32, labels: labels);
    }

    private static string Caption(CircuitFrequency f) =>
        string.Create(CultureInfo.InvariantCulture, $"≤{f.MaxFrequency:0.0} cyc{(f.AboveNyquist ? " !" : "")}");
}
