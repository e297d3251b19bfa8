using System.CommandLine;
using QirenGan.Generator.Projection;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Commands;

/// <summary>`qirengan generate`: images from a snapshot's EMA generator, at any resolution.</summary>
public static class GenerateCommand
{
    public static Command Build()
    {
        var network = new Option<string>("--network") { Description = "A network-snapshot-*.safetensors file.", Required = true };
        var seeds = new Option<string>("--seeds") { Description = "Seeds: a list and/or ranges, e.g. 0-15 or 1,5,9-12.", DefaultValueFactory = _ => "0-15" };
        var outdir = new Option<string>("--outdir") { Description = "Where to write seedNNNN.png (only those, so the folder can be passed to `fid --fake`).", DefaultValueFactory = _ => "out" };
        var resolution = new Option<int?>("--resolution") { Description = "Render resolution (default: the training one; 2–4× gives super-resolved images)." };
        var trunc = new Option<double>("--trunc") { Description = "Truncation ψ (1 = none).", DefaultValueFactory = _ => 1 };
        var grid = new Option<bool>("--grid") { Description = "Also write every image tiled into one grid image (see --grid-out)." };
        var gridOut = new Option<string?>("--grid-out") { Description = "Where --grid writes the grid (default: OUTDIR-grid.png beside the folder, keeping the folder for per-seed images)." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var quantum = new QuantumOptions();
        var shotSweep = new Option<string?>("--shot-sweep")
        {
            Description = "Instead: render the seeds at each of these shot counts (e.g. 100,1000,10000,100000) and exactly, into OUTDIR/shotsN/ and OUTDIR/exact/, with a labelled grid (a row per seed, a column per count) and the MSE of each count against exact.",
        };
        var projectedW = new Option<string?>("--projected-w")
        {
            Description = "Instead of seeds: render the w's of a projected_w.npz (`qirengan project`'s, or StyleGAN2-ADA projector.py's with this network's num_ws and w_dim) as projNN.png.",
        };
        var command = new Command("generate", "Generate images from a trained snapshot at any resolution.");
        foreach (var o in new Option[] { network, seeds, outdir, resolution, trunc, grid, gridOut, device, shotSweep, projectedW })
        {
            command.Options.Add(o);
        }
        quantum.AddTo(command);
        command.SetAction(result =>
        {
            var seedList = ParseSeeds(result.GetValue(seeds)!);
            if (result.GetValue(resolution) is { } asked)
            {
                OptionChecks.RenderResolution(asked);
            }
            var execution = quantum.Parse(result);
            var dev = Device.Parse(result.GetValue(device)!);
            Generator.Synthesis.QirenGenerator g;
            try
            {
                g = Snapshot.LoadGenerator(result.GetValue(network)!, dev);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                throw new CliException(e.Message);
            }
            using (g)
            {
                var r = result.GetValue(resolution) ?? g.Options.Resolution;
                if (result.GetValue(projectedW) is { } wPath)
                {
                    if (result.GetResult(seeds) is { Implicit: false } || result.GetValue(shotSweep) is not null || result.GetValue(trunc) != 1)
                    {
                        throw new CliException("--projected-w renders the file's w's: it takes no --seeds, --shot-sweep or --trunc");
                    }
                    using var wsScope = DisposeScope.Enter();
                    var ws = ReadProjectedW(wPath, g).To(dev);                                   // [N, NumWs, WDim]
                    if (execution is not null)
                    {
                        Console.WriteLine(QuantumOptions.Apply(g, execution, r));
                    }
                    var wDir = OptionChecks.OutputFolder(result.GetValue(outdir)!, "--outdir");
                    var rendered = RenderWs(g, ws, r, wDir);
                    Console.WriteLine($"wrote {ws.Size(0)} projected images of {r}×{r} to {Path.GetFullPath(wDir)}");
                    if (result.GetValue(grid))
                    {
                        var wGrid = result.GetValue(gridOut) ?? DefaultGridPath(wDir);
                        ImageCodec.WritePng(wGrid, QirenGan.Eval.Grids.ImageGrid.Tile(rendered, (int)Math.Ceiling(Math.Sqrt(ws.Size(0))),
                            labels: new QirenGan.Eval.Grids.GridLabels { Cells = [.. Enumerable.Range(0, (int)ws.Size(0)).Select(i => $"proj {i:D2}")] }));
                        Console.WriteLine($"wrote the grid to {Path.GetFullPath(wGrid)}");
                    }
                    return 0;
                }
                if (result.GetValue(shotSweep) is { } sweep)
                {
                    if (result.GetValue(quantum.Shots) != 0)
                    {
                        throw new CliException("--shot-sweep: give the shot counts there, not with --shots");
                    }
                    var sweepDir = OptionChecks.OutputFolder(result.GetValue(outdir)!, "--outdir");
                    var sweepGrid = result.GetValue(gridOut) ?? DefaultGridPath(sweepDir);
                    ShotSweep.Run(g, seedList, r, result.GetValue(trunc), dev, ShotSweep.Parse(sweep), execution, sweepDir, sweepGrid);
                    Console.WriteLine($"wrote the shot sweep to {Path.GetFullPath(sweepDir)} and its grid to {Path.GetFullPath(sweepGrid)}");
                    return 0;
                }
                if (execution is not null)
                {
                    Console.WriteLine(QuantumOptions.Apply(g, execution, r));
                }
                var dir = OptionChecks.OutputFolder(result.GetValue(outdir)!, "--outdir");
                var gridPath = result.GetValue(grid) ? result.GetValue(gridOut) ?? DefaultGridPath(dir) : null;
                using var scope = DisposeScope.Enter();
                var all = RenderSeeds(g, seedList, r, result.GetValue(trunc), dev, dir);
                Console.WriteLine($"wrote {seedList.Length} images of {r}×{r} to {Path.GetFullPath(dir)}");
                if (gridPath is not null)
                {
                    var columns = (int)Math.Ceiling(Math.Sqrt(seedList.Length));
                    ImageCodec.WritePng(gridPath, QirenGan.Eval.Grids.ImageGrid.Tile(all, columns,
                        labels: QirenGan.Eval.Grids.GridLabels.ForSeeds(seedList)));
                    Console.WriteLine($"wrote the grid to {Path.GetFullPath(gridPath)}");
                }
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Renders <paramref name="seeds"/> (in batches of 16) and writes each as DIR/seedNNNN.png; returns them all,
    /// uint8 [S, 3, R, R] on the CPU, in the caller's dispose scope.
    /// </summary>
    public static Tensor RenderSeeds(QirenGenerator g, int[] seeds, int resolution, double truncation, Device device, string dir)
    {
        using var noGrad = Autograd.NoGrad();
        var all = new List<Tensor>();
        foreach (var chunk in seeds.Chunk(16))
        {
            var images = RgbImage.Quantize(g.Forward(Latents.FromSeeds(chunk, g.Options.ZDim, device), resolution, truncation)).Cpu();
            for (var i = 0; i < chunk.Length; ++i)
            {
                ImageCodec.WritePng(Path.Combine(dir, $"seed{chunk[i]:D4}.png"), RgbImage.FromTensor(images.Select(0, i)));
            }
            all.Add(images);
        }
        return Tensors.Cat(all.ToArray());
    }

    /// <summary>
    /// Reads a projected_w.npz for <paramref name="g"/>: ws [N, NumWs, WDim] on the CPU; a missing file, a non-.npz or a
    /// w of another shape is a one-line error naming the file.
    /// </summary>
    public static Tensor ReadProjectedW(string path, QirenGenerator g)
    {
        try
        {
            return ProjectedW.Read(path, g.NumWs, g.Options.WDim);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>Renders ws [N, NumWs, WDim] (in batches of 16) as DIR/projNN.png (generate.py's names); returns uint8 [N, 3, R, R].</summary>
    public static Tensor RenderWs(QirenGenerator g, Tensor ws, int resolution, string dir)
    {
        using var noGrad = Autograd.NoGrad();
        var all = new List<Tensor>();
        for (long start = 0; start < ws.Size(0); start += 16)
        {
            var n = Math.Min(16, ws.Size(0) - start);
            var images = RgbImage.Quantize(g.Synthesize(ws.Narrow(0, start, n), resolution)).Cpu();
            for (var i = 0; i < n; ++i)
            {
                ImageCodec.WritePng(Path.Combine(dir, $"proj{start + i:D2}.png"), RgbImage.FromTensor(images.Select(0, i)));
            }
            all.Add(images);
        }
        return Tensors.Cat(all.ToArray());
    }

    /// <summary>OUTDIR-grid.png beside OUTDIR: a grid inside the folder would be taken for a sample by `fid --fake`.</summary>
    public static string DefaultGridPath(string outdir) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(outdir)) + "-grid.png";

    /// <summary>"0-3,7" → 0, 1, 2, 3, 7.</summary>
    public static int[] ParseSeeds(string text)
    {
        var seeds = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash > 0 && int.TryParse(part[..dash], out var lo) && int.TryParse(part[(dash + 1)..], out var hi) && hi >= lo)
            {
                seeds.AddRange(Enumerable.Range(lo, hi - lo + 1));
            }
            else if (int.TryParse(part, out var one))
            {
                seeds.Add(one);
            }
            else
            {
                throw new CliException($"--seeds: cannot parse '{part}' (expected e.g. 0-15 or 1,5,9)");
            }
        }
        return seeds.Count > 0 ? seeds.ToArray() : throw new CliException("--seeds is empty");
    }
}
