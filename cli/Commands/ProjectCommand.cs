using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using QirenGan.Eval.Grids;
using QirenGan.Eval.Projection;
using QirenGan.Generator.Projection;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Data;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan project --network SNAP --target IMG|DIR --outdir DIR [--steps 1000] [--seed S] [--w-plus]
/// [--vgg-detector vgg16.pt]`: finds the w that reproduces each target (StyleGAN2-ADA's projector.py; see
/// <see cref="Projector"/>) and writes projected_w.npz, target.png, proj.png, proj-4x.png, proj-steps.png and
/// project.csv per target (in OUTDIR for one image, in OUTDIR/NAME/ for each image of a folder, plus summary.csv).
/// </summary>
public static class ProjectCommand
{
    /// <summary>The super-resolved render written beside the projection (proj-4x.png).</summary>
    public const int RenderScale = 4;

    /// <summary>Targets of a folder shown in OUTDIR/grid.png (the first ones, one row each: target | projection | 4× render).</summary>
    public const int GridTargets = 8;

    public static Command Build()
    {
        var network = new Option<string>("--network") { Description = "A network-snapshot-*.safetensors file (its G_ema is projected into).", Required = true };
        var target = new Option<string>("--target") { Description = "The image to project, or a folder of images (searched recursively; one output subfolder each).", Required = true };
        var outdir = new Option<string>("--outdir") { Description = "Where the outputs go (created; for a folder of targets, one subfolder per image).", Required = true };
        var steps = new Option<int>("--steps") { Description = "Optimisation steps (projector.py: 1000).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the w noise (projector.py: 303); every target draws its own stream from it.", DefaultValueFactory = _ => 303 };
        var wPlus = new Option<bool>("--w-plus") { Description = "Optimise one w per synthesis slot (W+) instead of one w for all." };
        var vgg = new Option<string?>("--vgg-detector") { Description = "StyleGAN2-ADA's vgg16.pt (the file pr50k3 takes): minimise its LPIPS feature distance at 256×256, as projector.py. Without it: a pixel loss (MSE plus a multi-scale term)." };
        var batch = new Option<int>("--batch") { Description = "Targets projected together as one batch of independent w's (the same results as one by one, faster).", DefaultValueFactory = _ => 16 };
        var stripEvery = new Option<int?>("--strip-every") { Description = "Steps between the frames of proj-steps.png (default: steps/10)." };
        var lr = new Option<double>("--lr") { Description = "Peak Adam learning rate (projector.py: 0.1).", DefaultValueFactory = _ => 0.1 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("project", "Project real images into a snapshot's generator (StyleGAN2-ADA's projector): the w of each, its render at 1× and 4×, and the optimisation.");
        foreach (var o in new Option[] { network, target, outdir, steps, seed, wPlus, vgg, batch, stripEvery, lr, device })
        {
            command.Options.Add(o);
        }
        command.SetAction(result =>
        {
            var options = new ProjectionOptions(Steps: result.GetValue(steps), Seed: result.GetValue(seed), WPlus: result.GetValue(wPlus),
                InitialLearningRate: result.GetValue(lr));
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message.Replace("projection: ", "", StringComparison.Ordinal));
            }
            var batchSize = result.GetValue(batch);
            if (batchSize < 1)
            {
                throw new CliException($"--batch must be at least 1, got {batchSize}");
            }
            var every = result.GetValue(stripEvery) ?? Math.Max(1, options.Steps / 10);
            if (every < 1)
            {
                throw new CliException($"--strip-every must be at least 1, got {every}");
            }
            // Every input is checked before anything is written: a bad one leaves no output folder behind.
            var targetPath = result.GetValue(target)!;
            if (!File.Exists(targetPath) && !Directory.Exists(targetPath))
            {
                throw new CliException($"--target {targetPath}: no such image or folder");
            }
            var (dev, g) = OptionChecks.LoadGenerator(result.GetValue(network)!, result.GetValue(device)!);
            using (g)
            {
                var targets = ReadTargets(targetPath, g.Options.Resolution);
                using var vggDistance = result.GetValue(vgg) is { } vggPath ? LoadVgg(vggPath, dev) : null;
                var dir = OptionChecks.OutputFolder(result.GetValue(outdir)!, "--outdir");
                Console.WriteLine(vggDistance is null
                    ? $"loss: pixels — MSE plus the MSE of 2×2-pooled levels down to {PixelDistance.MinSide}×{PixelDistance.MinSide} (no --vgg-detector; StyleGAN2-ADA's projector minimises VGG16 features)"
                    : $"loss: VGG16 LPIPS feature distance at {VggDistance.Side}×{VggDistance.Side} ({vggDistance.Path}), as StyleGAN2-ADA's projector");
                Run(g, targets, options, vggDistance, dev, dir, batchSize, every, single: File.Exists(targetPath));
            }
            return 0;
        });
        return command;
    }

    /// <summary>One target: its name (the output subfolder) and its pixels at the training resolution.</summary>
    public sealed record Target(string Name, string Source, RgbImage Image);

    /// <summary>
    /// The target image, or every image of a folder, centre-cropped to a square and resized to
    /// <paramref name="resolution"/> with the dataset loader's resize (<see cref="ImageResize.ToSquare"/>: Pillow's
    /// LANCZOS). An unreadable file or a non-image is an error naming it.
    /// </summary>
    public static List<Target> ReadTargets(string path, int resolution)
    {
        try
        {
            if (File.Exists(path))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                return [new Target(name, path, ImageResize.ToSquare(ImageCodec.Decode(path), resolution))];
            }
            using var files = ImageFiles.Open(path);
            var targets = new List<Target>();
            var used = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < files.Count; ++i)
            {
                var name = Path.ChangeExtension(files.Names[i], null).Replace('/', '_').Replace('\\', '_');
                if (!used.Add(name))
                {
                    throw new CliException($"--target {path}: two images would share the output folder '{name}' ({files.Names[i]})");
                }
                targets.Add(new Target(name, files.Describe(i), ImageResize.ToSquare(files.Decode(i), resolution)));
            }
            return targets;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(e is UnauthorizedAccessException ? $"--target: {e.Message} (no permission)" : e.Message);
        }
    }

    private static VggDistance LoadVgg(string path, Device device)
    {
        try
        {
            return VggDistance.Load(path, device);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new CliException($"--vgg-detector {e.Message}");
        }
    }

    private static void Run(QirenGenerator g, List<Target> targets, ProjectionOptions options, VggDistance? vgg, Device device,
        string dir, int batchSize, int every, bool single)
    {
        var clock = Stopwatch.StartNew();
        using var stats = WStatistics.Estimate(g, options.WAvgSamples, options.WAvgSeed);
        Console.WriteLine($"W: mean and spread of {stats.Samples:N0} mapped latents (w_std {stats.Std.ToString("0.####", CultureInfo.InvariantCulture)}); " +
            $"{(options.WPlus ? $"W+ ({g.NumWs} w's per image)" : "one w per image")}, {options.Steps} steps, seed {options.Seed}");
        var summary = new StringBuilder("target,source,psnr_db,loss,seconds\n");
        var gridRows = new List<Tensor>();                                                          // uint8 [3, 4R, 4R] each
        foreach (var chunk in targets.Chunk(batchSize))
        {
            var started = clock.Elapsed.TotalSeconds;
            using var scope = DisposeScope.Enter();
            var images = Tensors.Stack([.. chunk.Select(t => t.Image.ToTensor())]).To(device);        // uint8 [B, 3, R, R]
            using var pixels = vgg is null ? new PixelDistance(images) : null;
            vgg?.SetTargets(images);
            Func<Tensor, Tensor> distance = pixels is not null ? pixels.Distance : vgg!.Distance;
            var logs = chunk.Select(_ => new StringBuilder("step,loss,psnr_db,lr,w_noise\n")).ToArray();
            var frames = chunk.Select(_ => new List<(Tensor Image, string Label)>()).ToArray();
            var ws = Projector.Project(g, images, distance, options, stats, step =>
            {
                for (var i = 0; i < chunk.Length; ++i)
                {
                    logs[i].Append(CultureInfo.InvariantCulture, $"{step.Step},{F(step.Loss[i])},{F(step.Psnr[i])},{F(step.LearningRate)},{F(step.NoiseScale)}\n");
                    if (step.Step % every == 0)
                    {
                        frames[i].Add((step.Images.Select(0, i).Clone().DetachFromDisposeScope(), $"{step.Step}: {Db(step.Psnr[i])}"));
                    }
                }
            });
            using var noGrad = Autograd.NoGrad();
            var final = g.Synthesize(ws);                                                           // [B, 3, R, R]
            var finalLoss = distance(final).Cpu().ToDoubles();
            var finalImages = RgbImage.Quantize(final).Cpu();
            var finalPsnr = Projector.Psnr(finalImages, images.Cpu());
            var large = RgbImage.Quantize(g.Synthesize(ws, RenderScale * g.Options.Resolution)).Cpu();
            var seconds = clock.Elapsed.TotalSeconds - started;
            for (var i = 0; i < chunk.Length; ++i)
            {
                var t = chunk[i];
                var outDir = single ? dir : Directory.CreateDirectory(Path.Combine(dir, t.Name)).FullName;
                logs[i].Append(CultureInfo.InvariantCulture, $"{options.Steps},{F(finalLoss[i])},{F(finalPsnr[i])},0,0\n");
                File.WriteAllText(Path.Combine(outDir, "project.csv"), logs[i].ToString());
                ProjectedW.Write(Path.Combine(outDir, ProjectedW.FileName), ws.Narrow(0, i, 1));
                ImageCodec.WritePng(Path.Combine(outDir, "target.png"), t.Image);
                ImageCodec.WritePng(Path.Combine(outDir, "proj.png"), RgbImage.FromTensor(finalImages.Select(0, i)));
                ImageCodec.WritePng(Path.Combine(outDir, $"proj-{RenderScale}x.png"), RgbImage.FromTensor(large.Select(0, i)));
                WriteStrip(Path.Combine(outDir, "proj-steps.png"), images.Cpu().Select(0, i), frames[i], finalImages.Select(0, i), finalPsnr[i]);
                foreach (var (image, _) in frames[i])
                {
                    image.Dispose();
                }
                if (gridRows.Count < 3 * GridTargets)
                {
                    gridRows.Add(Enlarge(images.Cpu().Select(0, i)).DetachFromDisposeScope());
                    gridRows.Add(Enlarge(finalImages.Select(0, i)).DetachFromDisposeScope());
                    gridRows.Add(large.Select(0, i).Clone().DetachFromDisposeScope());
                }
                summary.Append(CultureInfo.InvariantCulture, $"{t.Name},{Csv(t.Source)},{F(finalPsnr[i])},{F(finalLoss[i])},{F(seconds / chunk.Length)}\n");
                Console.WriteLine($"{t.Source}: PSNR {Db(finalPsnr[i])} after {options.Steps} steps → {Path.GetFullPath(outDir)}");
            }
        }
        if (!single)
        {
            using (var scope = DisposeScope.Enter())
            {
                var rows = gridRows.Count / 3;
                ImageCodec.WritePng(Path.Combine(dir, "grid.png"), ImageGrid.Tile(Tensors.Stack([.. gridRows]), columns: 3, padding: 2,
                    labels: new GridLabels
                    {
                        Columns = ["target", "projection", $"{RenderScale}× render"],
                        Rows = [.. targets.Take(rows).Select(t => t.Name)],
                    }));
            }
            foreach (var t in gridRows)
            {
                t.Dispose();
            }
            File.WriteAllText(Path.Combine(dir, "summary.csv"), summary.ToString());
            Console.WriteLine($"projected {targets.Count} images in {clock.Elapsed.TotalSeconds:F1} s; summary in {Path.GetFullPath(Path.Combine(dir, "summary.csv"))}");
        }
    }

    /// <summary>target | the image at every N-th step | the final projection, each captioned with its step and PSNR.</summary>
    private static void WriteStrip(string path, Tensor target, List<(Tensor Image, string Label)> frames, Tensor final, double finalPsnr)
    {
        using var scope = DisposeScope.Enter();
        var tiles = new List<Tensor> { target };
        var labels = new List<string> { "target" };
        foreach (var (image, label) in frames)
        {
            tiles.Add(image);
            labels.Add(label);
        }
        tiles.Add(final);
        labels.Add($"final: {Db(finalPsnr)}");
        var grid = ImageGrid.Tile(Tensors.Stack([.. tiles]), columns: tiles.Count, labels: new GridLabels { Cells = labels });
        ImageCodec.WritePng(path, grid);
    }

    /// <summary>uint8 [3, R, R] → [3, 4R, 4R], every pixel a 4×4 block (nearest neighbour), beside the 4× render.</summary>
    private static Tensor Enlarge(Tensor image)
    {
        using var scope = DisposeScope.Enter();
        var r = image.Size(1) * RenderScale;
        return Functional.Interpolate(image.Unsqueeze(0).To(ScalarType.Float32), r, r, InterpolationMode.Nearest)
            .Squeeze(0).To(ScalarType.UInt8).MoveToOuterScope();
    }

    private static string F(double v) => double.IsPositiveInfinity(v) ? "inf" : v.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Db(double v) => double.IsPositiveInfinity(v) ? "∞ dB" : v.ToString("0.0", CultureInfo.InvariantCulture) + " dB";

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
