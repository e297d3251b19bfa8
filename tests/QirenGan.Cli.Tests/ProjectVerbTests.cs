using QirenGan.Cli.Commands;
using QirenGan.Generator.Projection;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch.Checkpoints;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Tests;

/// <summary>`project`, `generate --projected-w` and `interpolate --from-w/--to-w` on a small untrained snapshot.</summary>
[Collection(TorchCollection.Name)]
public sealed class ProjectVerbTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.True(result.Code == 0, $"exit {result.Code}: {result.Error}");
        return result;
    }

    /// <summary>A target the network made itself (generate's seed 3), 16×16.</summary>
    private static string RenderedTarget(TempDir dir, string snapshot)
    {
        Run("generate", "--network", snapshot, "--seeds", "3", "--outdir", dir.File("seed"));
        return dir.File("seed/seed0003.png");
    }

    [Fact]
    public void Project_writes_the_w_the_renders_the_strip_and_the_log_and_generate_renders_the_w_again()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        var target = RenderedTarget(dir, snapshot);

        var (_, output, _) = Run("project", "--network", snapshot, "--target", target, "--outdir", dir.File("proj"),
            "--steps", "30", "--strip-every", "10");

        Assert.Contains("loss: pixels", output);
        var w = Npz.Read(dir.File("proj/projected_w.npz"))["w"];
        Assert.Equal([1L, 2, 16], w.Shape);                                    // num_ws = 1 FMM layer + ToRGB, w_dim 16
        Assert.Equal(16, ImageCodec.Decode(dir.File("proj/proj.png")).Width);
        Assert.Equal(16 * ProjectCommand.RenderScale, ImageCodec.Decode(dir.File("proj/proj-4x.png")).Width);
        Assert.Equal(ImageCodec.Decode(target).Pixels, ImageCodec.Decode(dir.File("proj/target.png")).Pixels);
        var strip = ImageCodec.Decode(dir.File("proj/proj-steps.png"));
        Assert.True(strip.Width >= 5 * 128, $"strip {strip.Width} px wide: target, steps 0, 10, 20 and the final image");
        var csv = File.ReadAllLines(dir.File("proj/project.csv"));
        Assert.Equal("step,loss,psnr_db,lr,w_noise", csv[0]);
        Assert.Equal(1 + 31, csv.Length);                                       // steps 0–29 and the final w
        Assert.StartsWith("30,", csv[^1]);

        // generate --projected-w renders the same images from the file, at 1× and 4×
        Run("generate", "--network", snapshot, "--projected-w", dir.File("proj/projected_w.npz"), "--outdir", dir.File("g1"));
        Run("generate", "--network", snapshot, "--projected-w", dir.File("proj/projected_w.npz"), "--outdir", dir.File("g4"),
            "--resolution", "64");
        Assert.Equal(ImageCodec.Decode(dir.File("proj/proj.png")).Pixels, ImageCodec.Decode(dir.File("g1/proj00.png")).Pixels);
        Assert.Equal(ImageCodec.Decode(dir.File("proj/proj-4x.png")).Pixels, ImageCodec.Decode(dir.File("g4/proj00.png")).Pixels);
        Assert.Equal(["proj00.png"], Directory.GetFiles(dir.File("g1")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_of_targets_gets_one_subfolder_each_and_interpolate_runs_between_them()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        Directory.CreateDirectory(dir.File("targets"));
        File.Copy(RenderedTarget(dir, snapshot), dir.File("targets/a.png"));
        var wide = new RgbImage(20, 16, [.. Enumerable.Range(0, 20 * 16 * 3).Select(i => (byte)(i * 7 % 256))]);
        ImageCodec.WritePng(dir.File("targets/b.png"), wide);                  // centre-cropped to 16×16

        var (_, output, _) = Run("project", "--network", snapshot, "--target", dir.File("targets"), "--outdir", dir.File("out"),
            "--steps", "12", "--batch", "2");

        foreach (var name in new[] { "a", "b" })
        {
            Assert.True(File.Exists(dir.File($"out/{name}/projected_w.npz")), output);
            Assert.True(File.Exists(dir.File($"out/{name}/proj-steps.png")));
        }
        Assert.Equal(QirenGan.Training.Data.ImageResize.CenterCropSquare(wide).Pixels, ImageCodec.Decode(dir.File("out/b/target.png")).Pixels);
        var summary = File.ReadAllLines(dir.File("out/summary.csv"));
        Assert.Equal(3, summary.Length);
        Assert.StartsWith("target,source,psnr_db", summary[0]);
        Assert.True(ImageCodec.Decode(dir.File("out/grid.png")).Width >= 3 * 64);       // target | projection | 4× render

        Run("interpolate", "--network", snapshot, "--from-w", dir.File("out/a/projected_w.npz"), "--to-w", dir.File("out/b/projected_w.npz"),
            "--steps", "3", "--out", dir.File("ab.png"), "--frames", dir.File("frames"));
        Assert.Equal(3, Directory.GetFiles(dir.File("frames")).Length);
        // the path's ends are the projections themselves
        Assert.Equal(ImageCodec.Decode(dir.File("out/a/proj.png")).Pixels, ImageCodec.Decode(dir.File("frames/frame000000.png")).Pixels);
        Assert.Equal(ImageCodec.Decode(dir.File("out/b/proj.png")).Pixels, ImageCodec.Decode(dir.File("frames/frame000002.png")).Pixels);
    }

    [Fact]
    public void With_a_vgg16_file_the_projection_minimises_its_feature_distance()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        var (_, output, _) = Run("project", "--network", snapshot, "--target", RenderedTarget(dir, snapshot), "--outdir", dir.File("proj"),
            "--steps", "3", "--vgg-detector", Repo.Fixture("tiny-vgg16.pt"));
        Assert.Contains("loss: VGG16", output);
        Assert.Equal(1 + 4, File.ReadAllLines(dir.File("proj/project.csv")).Length);
    }

    [Fact]
    public void An_npz_written_by_numpy_renders_with_a_network_of_its_shape()
    {
        // Given a network with num_ws = 3 (two FMM layers + ToRGB) and w_dim = 4, the shape of the numpy fixture
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"), generator: new GeneratorOptions(8, Features: 2, Hidden: [4, 4], ZDim: 4, WDim: 4, MappingLayers: 1));
        Run("generate", "--network", snapshot, "--projected-w", Repo.Fixture("projected-w-1x3x4.npz"), "--outdir", dir.File("g"), "--grid");

        // Then its image is the synthesis of the fixture's w
        using var scope = DisposeScope.Enter();
        using var g = QirenGan.Training.Loop.Snapshot.LoadGenerator(snapshot);
        using var noGrad = Autograd.NoGrad();
        var ws = Tensors.FromArray<float>([.. Enumerable.Range(0, 12).Select(i => (float)((i - 5) / 3.0))], [1, 3, 4]);
        var expected = RgbImage.FromTensor(RgbImage.Quantize(g.Synthesize(ws)).Select(0, 0));
        Assert.Equal(expected.Pixels, ImageCodec.Decode(dir.File("g/proj00.png")).Pixels);
        Assert.True(File.Exists(dir.File("g-grid.png")));
    }

    private static void AssertOneLineError((int Code, string Out, string Error) result, params string[] mentions)
    {
        Assert.True(result.Code == 2, $"exit {result.Code}: {result.Error}");
        var lines = result.Error.Trim().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        foreach (var m in mentions)
        {
            Assert.Contains(m, lines[0]);
        }
    }

    [Fact]
    public void Bad_targets_and_vgg_files_give_one_error_line_and_no_output_folder()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        var good = RenderedTarget(dir, snapshot);
        var text = dir.File("notes.png");
        File.WriteAllText(text, "this is not an image");
        var truncated = dir.File("truncated.png");
        File.WriteAllBytes(truncated, File.ReadAllBytes(good)[..40]);
        var notVgg = dir.File("vgg16.pt");
        File.WriteAllText(notVgg, "not a model");
        var cases = new (string[] Args, string[] Mentions)[]
        {
            (["--target", dir.File("missing.png")], ["missing.png", "no such"]),
            (["--target", text], ["notes.png", "decode"]),
            (["--target", truncated], ["truncated.png"]),
            (["--target", dir.Path + "/run"], ["no images"]),                              // a folder without images
            (["--target", good, "--vgg-detector", notVgg], ["vgg16.pt", "TorchScript"]),
            (["--target", good, "--vgg-detector", Repo.Fixture("tiny-detector.pt")], ["tiny-detector.pt", "vgg16.pt"]),
            (["--target", good, "--vgg-detector", dir.File("none.pt")], ["none.pt", "not found"]),
            (["--target", good, "--steps", "0"], ["--steps"]),
        };
        foreach (var (args, mentions) in cases)
        {
            var outdir = dir.File("out");
            var result = CliRunner.Run(["project", "--network", snapshot, "--outdir", outdir, .. args]);
            AssertOneLineError(result, mentions);
            Assert.False(Directory.Exists(outdir), $"{string.Join(' ', args)} left {outdir}");
        }
    }

    [Fact]
    public void An_npz_of_another_shape_gives_one_error_line_and_writes_nothing()
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));      // num_ws 2, w_dim 16
        var fixture = Repo.Fixture("projected-w-1x3x4.npz");     // [1, 3, 4]
        AssertOneLineError(CliRunner.Run("generate", "--network", snapshot, "--projected-w", fixture, "--outdir", dir.File("g")),
            "projected-w-1x3x4.npz", "[1, 3, 4]", "[N, 2, 16]");
        Assert.False(Directory.Exists(dir.File("g")));
        AssertOneLineError(CliRunner.Run("interpolate", "--network", snapshot, "--from-w", fixture, "--to-w", fixture, "--out", dir.File("i.png")),
            "[1, 3, 4]");
        Assert.False(File.Exists(dir.File("i.png")));
        var text = dir.File("w.npz");
        File.WriteAllText(text, "not a zip");
        AssertOneLineError(CliRunner.Run("generate", "--network", snapshot, "--projected-w", text, "--outdir", dir.File("g")), "w.npz", "not an .npz");
        AssertOneLineError(CliRunner.Run("generate", "--network", snapshot, "--projected-w", dir.File("none.npz"), "--outdir", dir.File("g")), "none.npz");
        Assert.False(Directory.Exists(dir.File("g")));
    }

    [Fact]
    public void The_bench_case_times_the_pixel_and_the_vgg_loss()
    {
        var (_, output, _) = Run("bench", "project", "--steps", "3", "--resolution", "8", "--vgg-detector", Repo.Fixture("tiny-vgg16.pt"), "--vgg-steps", "1");
        Assert.Contains("pixel loss:", output);
        Assert.Contains("target ≤ 60 s", output);
        Assert.Contains("VGG16 loss (tiny-vgg16.pt, 256×256)", output);
    }
}
