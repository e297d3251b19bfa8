using System.CommandLine;
using QirenGan.Eval.Interpolation;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan interpolate --network SNAPSHOT --seeds 1,2,3 --steps 8 --out grid.png [--space w|z] [--resolution R]
/// [--trunc ψ] [--frames DIR]`: latent interpolation with the snapshot's EMA generator — linear in W, spherical in
/// Z — as a grid with one row per consecutive seed pair, and optionally numbered frames for a video.
/// </summary>
public static class InterpolateCommand
{
    public static Command Build()
    {
        var network = new Option<string>("--network") { Description = "A network-snapshot-*.safetensors file.", Required = true };
        var seeds = new Option<string?>("--seeds") { Description = "Seeds visited in order (at least two), e.g. 1,2,3 or 0-4 (or --from-w/--to-w)." };
        var fromW = new Option<string?>("--from-w") { Description = "Instead of seeds: interpolate from the w of this projected_w.npz (`qirengan project`'s or StyleGAN2-ADA's; linear in W+)…" };
        var toW = new Option<string?>("--to-w") { Description = "…to the w of this one (both needed)." };
        var steps = new Option<int>("--steps") { Description = "Columns per row, both endpoints included (≥ 2).", DefaultValueFactory = _ => 8 };
        var output = new Option<string>("--out") { Description = "The grid PNG to write.", DefaultValueFactory = _ => "interpolation.png" };
        var space = new Option<string>("--space") { Description = "w: linear in W (after mapping and truncation); z: spherical in Z.", DefaultValueFactory = _ => "w" };
        var resolution = new Option<int?>("--resolution") { Description = "Render resolution (default: the training one)." };
        var trunc = new Option<double>("--trunc") { Description = "Truncation ψ (1 = none).", DefaultValueFactory = _ => 1 };
        var frames = new Option<string?>("--frames") { Description = "Also write the path through all seeds as frame000000.png… in this folder." };
        var padding = new Option<int>("--padding") { Description = "Pixels between grid cells.", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("interpolate", "Latent interpolation grid (and optional video frames) from a trained snapshot.");
        foreach (var o in new Option[] { network, seeds, fromW, toW, steps, output, space, resolution, trunc, frames, padding, device })
        {
            command.Options.Add(o);
        }
        var quantum = new QuantumOptions();
        quantum.AddTo(command);
        command.SetAction(result =>
        {
            var (from, to) = (result.GetValue(fromW), result.GetValue(toW));
            if (from is not null || to is not null)
            {
                if (from is null || to is null || result.GetValue(seeds) is not null)
                {
                    throw new CliException("interpolate: give --from-w and --to-w together, without --seeds");
                }
                return BetweenProjections(result, network, from, to, steps, output, resolution, frames, padding, device, quantum);
            }
            var seedList = GenerateCommand.ParseSeeds(result.GetValue(seeds) ?? throw new CliException("interpolate needs --seeds (or --from-w and --to-w)"));
            var latentSpace = result.GetValue(space)!.Trim().ToLowerInvariant() switch
            {
                "w" => LatentSpace.W,
                "z" => LatentSpace.Z,
                var other => throw new CliException($"--space must be w or z, got '{other}'"),
            };
            if (seedList.Length < 2 || result.GetValue(steps) < 2)
            {
                throw new CliException($"interpolate needs at least 2 seeds and 2 steps, got {seedList.Length} seeds and {result.GetValue(steps)} steps");
            }
            var execution = quantum.Parse(result);
            var (dev, g) = OptionChecks.LoadGenerator(result.GetValue(network)!, result.GetValue(device)!);
            using (g)
            {
                var r = OptionChecks.RenderResolution(result.GetValue(resolution) ?? g.Options.Resolution);
                var psi = result.GetValue(trunc);
                if (execution is not null)
                {
                    Console.WriteLine(QuantumOptions.Apply(g, execution, r));
                }
                using var scope = DisposeScope.Enter();
                using var noGrad = Autograd.NoGrad();
                var z = Latents.FromSeeds(seedList, g.Options.ZDim, dev);                      // [N, ZDim]
                RgbImage grid;
                if (latentSpace == LatentSpace.Z)
                {
                    grid = InterpolationGrid.Render(z.Unbind(0), result.GetValue(steps), LatentSpace.Z,
                        batch => g.Forward(batch, r, psi), framesDir: result.GetValue(frames), padding: result.GetValue(padding),
                        labels: InterpolationGrid.Labels(seedList, result.GetValue(steps)));
                }
                else
                {
                    var w = g.Mapping.Forward(z, psi);                                          // [N, WDim]
                    grid = InterpolationGrid.Render(w.Unbind(0), result.GetValue(steps), LatentSpace.W,
                        batch => g.Synthesize(Hypernet.MappingNetwork.Broadcast(batch, g.NumWs), r),
                        framesDir: result.GetValue(frames), padding: result.GetValue(padding),
                        labels: InterpolationGrid.Labels(seedList, result.GetValue(steps)));
                }
                var path = result.GetValue(output)!;
                ImageCodec.WritePng(path, grid);
                Console.WriteLine($"wrote a {seedList.Length - 1}×{result.GetValue(steps)} interpolation grid ({grid.Width}×{grid.Height}) to {Path.GetFullPath(path)}" +
                    (result.GetValue(frames) is { } f ? $" and {(seedList.Length - 1) * (result.GetValue(steps) - 1) + 1} frames to {Path.GetFullPath(f)}" : ""));
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A row from the projection in <paramref name="from"/> to the one in <paramref name="to"/>: linear in W+ (every slot's
    /// w interpolated), rendered at any resolution, with --shots/--noise as for seeds.
    /// </summary>
    private static int BetweenProjections(ParseResult result, Option<string> network, string from, string to, Option<int> steps,
        Option<string> output, Option<int?> resolution, Option<string?> frames, Option<int> padding, Option<string> device, QuantumOptions quantum)
    {
        var n = result.GetValue(steps);
        if (n < 2)
        {
            throw new CliException($"interpolate needs at least 2 steps, got {n}");
        }
        var execution = quantum.Parse(result);
        var (dev, g) = OptionChecks.LoadGenerator(result.GetValue(network)!, result.GetValue(device)!);
        using (g)
        {
            var r = OptionChecks.RenderResolution(result.GetValue(resolution) ?? g.Options.Resolution);
            using var scope = DisposeScope.Enter();
            using var noGrad = Autograd.NoGrad();
            var a = GenerateCommand.ReadProjectedW(from, g).Select(0, 0).To(dev);                  // [NumWs, WDim]
            var b = GenerateCommand.ReadProjectedW(to, g).Select(0, 0).To(dev);
            if (execution is not null)
            {
                Console.WriteLine(QuantumOptions.Apply(g, execution, r));
            }
            var labels = new Eval.Grids.GridLabels
            {
                Rows = [$"{ProjectionName(from)} → {ProjectionName(to)}"],
                Columns = [.. Enumerable.Range(0, n).Select(j => $"t={(double)j / (n - 1):F2}")],
            };
            var grid = InterpolationGrid.Render([a, b], n, LatentSpace.W, batch => g.Synthesize(batch, r),
                framesDir: result.GetValue(frames), padding: result.GetValue(padding), labels: labels);
            var path = result.GetValue(output)!;
            ImageCodec.WritePng(path, grid);
            Console.WriteLine($"wrote a 1×{n} interpolation grid ({grid.Width}×{grid.Height}) between {from} and {to} to {Path.GetFullPath(path)}" +
                (result.GetValue(frames) is { } f ? $" and {n} frames to {Path.GetFullPath(f)}" : ""));
        }
        return 0;
    }

    /// <summary>What a row label calls a projection: its folder for projected_w.npz (`project`'s layout), else the file's name.</summary>
    private static string ProjectionName(string path) =>
        Path.GetFileName(path) == Generator.Projection.ProjectedW.FileName
            ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? path
            : Path.GetFileNameWithoutExtension(path);
}
