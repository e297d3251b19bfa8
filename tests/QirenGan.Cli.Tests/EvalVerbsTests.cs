using QirenGan.Cli;
using QirenGan.Eval.Grids;
using QirenGan.Eval.Interpolation;
using QirenGan.Eval.Metrics;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class EvalVerbsTests
{
    /// <summary>Tile (row, col) of a labelled grid, shrunk back to R×R by taking every Scale-th pixel.</summary>
    private static byte[] Cell(RgbImage grid, GridLayout layout, int row, int col, int r)
    {
        var (x0, y0) = layout.Tile(row * layout.Columns + col);
        var cell = new byte[r * r * 3];
        for (var y = 0; y < r; ++y)
        {
            for (var x = 0; x < r; ++x)
            {
                Array.Copy(grid.Pixels, ((y0 + y * layout.Scale) * grid.Width + x0 + x * layout.Scale) * 3, cell, (y * r + x) * 3, 3);
            }
        }
        return cell;
    }

    [Theory]
    [InlineData("z")]
    [InlineData("w")]
    public void Interpolation_endpoints_equal_the_generated_images_of_the_same_seeds(string space)
    {
        // Given a snapshot and the images `generate` makes for seeds 3, 8, 5
        using var tmp = Repo.TempDir();
        var snapshot = TestSnapshot.Write(tmp.File("run"));
        var (code, _, error) = CliRunner.Run("generate", "--network", snapshot, "--seeds", "3,8,5", "--outdir", tmp.File("gen"));
        Assert.True(code == 0, error);

        // When interpolate visits the same seeds in 4 steps
        (code, _, error) = CliRunner.Run("interpolate", "--network", snapshot, "--seeds", "3,8,5", "--steps", "4", "--space", space,
            "--out", tmp.File("grid.png"), "--frames", tmp.File("frames"));
        Assert.True(code == 0, error);

        // Then the grid is 2 rows × 4 columns of 16×16 tiles enlarged 8× (to 128 px) and labelled with the seed pairs
        // and t, its end columns are those images (±1 level: batches differ), and the video has 2·3 + 1 frames
        const int r = TestSnapshot.Resolution;
        var grid = ImageCodec.Decode(tmp.File("grid.png"));
        var layout = ImageGrid.Layout(6, r, r, 4, labels: InterpolationGrid.Labels([3, 8, 5], 4));
        Assert.Equal(128 / r, layout.Scale);
        Assert.Equal((layout.Width, layout.Height), (grid.Width, grid.Height));
        Assert.True(layout.RowLabelWidth > 0 && layout.ColumnLabelHeight > 0);
        var seeds = new[] { 3, 8, 5 };
        var first = ImageCodec.Decode(tmp.File("gen/seed0003.png")).Pixels;
        var second = ImageCodec.Decode(tmp.File("gen/seed0008.png")).Pixels;
        Assert.True(first.Zip(second, (a, b) => Math.Abs(a - b)).Max() > 4, "the seeds' images must differ for the check to mean anything");
        for (var row = 0; row < 2; ++row)
        {
            AssertNear(ImageCodec.Decode(tmp.File($"gen/seed{seeds[row]:D4}.png")).Pixels, Cell(grid, layout, row, 0, r));
            AssertNear(ImageCodec.Decode(tmp.File($"gen/seed{seeds[row + 1]:D4}.png")).Pixels, Cell(grid, layout, row, 3, r));
        }
        Assert.Equal(7, Directory.GetFiles(tmp.File("frames"), "frame*.png").Length);
    }

    [Fact]
    public void Interpolate_rejects_a_single_seed_and_an_unknown_space()
    {
        using var tmp = Repo.TempDir();
        var snapshot = TestSnapshot.Write(tmp.File("run"));

        Assert.Equal(2, CliRunner.Run("interpolate", "--network", snapshot, "--seeds", "3").Code);
        Assert.Equal(2, CliRunner.Run("interpolate", "--network", snapshot, "--seeds", "3,4", "--space", "x").Code);
    }

    [Fact]
    public void Metrics_of_a_snapshot_are_printed_and_appended_to_its_run_directory()
    {
        // Given a snapshot at 12 kimg, 10 real images and the fixture detector
        using var tmp = Repo.TempDir();
        var snapshot = TestSnapshot.Write(tmp.File("run"));
        var data = Directory.CreateDirectory(tmp.File("data")).FullName;
        var rng = new Random(2);
        for (var i = 0; i < 10; ++i)
        {
            var pixels = new byte[16 * 16 * 3];
            rng.NextBytes(pixels);
            ImageCodec.WritePng(Path.Combine(data, $"{i}.png"), new RgbImage(16, 16, pixels));
        }

        // When the metrics verb measures FID, KID and PR on 10 generated images
        var (code, output, error) = CliRunner.Run("metrics", "--network", snapshot, "--data", data, "--metrics", "fid50k_full,kid50k_full,pr50k3_full",
            "--num-gen", "10", "--batch", "4", "--detector", Repo.Fixture("tiny-detector.pt"), "--no-cache", "--device", "cpu");

        // Then each value is printed and recorded in the run's metrics.csv at 12 kimg
        Assert.True(code == 0, error);
        var names = new[] { "fid50k_full", "kid50k_full", "pr50k3_full_precision", "pr50k3_full_recall" };
        Assert.Equal(names, output.Trim().Split('\n').Select(l => l.Split(' ')[0]));
        var rows = MetricsCsv.Read(tmp.File("run/metrics.csv"));
        Assert.Equal(names, rows.Select(r => r.Metric));
        Assert.All(rows, r => Assert.Equal(12.0, r.Kimg));
        Assert.True(rows[0].Value > 0, $"random generator vs random images: FID should be positive, got {rows[0].Value}");
        Assert.InRange(rows[2].Value, 0, 1);
        Assert.Contains("vgg16.pt", error);
    }

    private static void AssertNear(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1, $"pixels differ by up to {worst} levels");
    }
}
