using System.Globalization;
using QirenGan.Eval.Grids;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `generate --shot-sweep 100,1000,…`: the same seeds rendered at each shot count and exactly, side by side in one
/// labelled grid (a row per seed, a column per shot count, exact last), each column's images in OUTDIR/shotsN/ and
/// OUTDIR/exact/, and the mean squared pixel error of each shot count against the exact render (0–255 scale, after
/// uint8 quantisation), which should fall as 1/N. "Exact" is the same device without the sampling: exact expectations
/// under the same noise and ZNE (a noise-aware snapshot's own noise unless --noise says otherwise).
/// </summary>
public static class ShotSweep
{
    /// <summary>"100,1000,10000" → the shot counts, each in 1..<see cref="ShotSampler.MaxShots"/>.</summary>
    public static long[] Parse(string text)
    {
        var counts = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1 || n > ShotSampler.MaxShots)
            {
                throw new CliException($"--shot-sweep: '{part}' is not a shot count in 1..{ShotSampler.MaxShots} (expected e.g. 100,1000,10000)");
            }
            counts.Add(n);
        }
        return counts.Count > 0 ? counts.Distinct().ToArray() : throw new CliException("--shot-sweep is empty");
    }

    /// <summary>
    /// Renders and writes everything; <paramref name="baseExecution"/> carries --noise/--zne/--shot-seed (its shot count is
    /// replaced by each of <paramref name="shots"/>). Returns the grid's path.
    /// </summary>
    public static string Run(QirenGenerator g, int[] seeds, int resolution, double truncation, Device device, long[] shots,
        QuantumExecution? baseExecution, string dir, string gridPath)
    {
        if (!g.HasCircuits)
        {
            throw new CliException($"--shot-sweep: the snapshot's INR is '{g.Options.Inr}'; shots apply to quantum circuits (inr qiren) only");
        }
        // The reference is the same device without the sampling: exact expectations under the same noise (and ZNE),
        // so the error each column shows is the shots' alone, which falls as 1/N. Each column sets its own
        // execution, so each draws from a fresh stream of the one seed.
        var template = (baseExecution ?? QuantumExecution.Exact).WithDefaultNoise(g.Options.Noise);
        var columns = shots.Select(n => ($"shots{n}", $"N = {n}", template with { Shots = n }))
            .Append(("exact", "exact", template with { Shots = 0 })).ToList();
        var rendered = new List<Tensor>(); // per column [S, 3, R, R] uint8
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        foreach (var (folder, _, execution) in columns)
        {
            Console.WriteLine(execution.Shots == 0 ? $"exact render ({execution.Describe()})" : QuantumOptions.Apply(g, execution, resolution));
            if (execution.Shots == 0)
            {
                g.UseExecution(execution);
            }
            var path = Path.Combine(dir, folder);
            Directory.CreateDirectory(path);
            rendered.Add(GenerateCommand.RenderSeeds(g, seeds, resolution, truncation, device, path));
        }
        g.UseExecution(null);
        var exact = rendered[^1].To(ScalarType.Float64);
        for (var c = 0; c < shots.Length; ++c)
        {
            var mse = rendered[c].To(ScalarType.Float64).Sub(exact).Square().Mean().ToDouble();
            var psnr = mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shots[c]} shots: MSE {mse:F3} (0–255 scale, vs exact), PSNR {psnr:F2} dB"));
        }
        // row-major cells: seed s, then each column
        var cells = Tensors.Stack(rendered.ToArray(), 1).Flatten(0, 1); // [S·K, 3, R, R]
        var labels = new GridLabels
        {
            Title = $"the same seeds at finite shots and exact ({resolution}×{resolution}, noise {template.Noise?.ToString() ?? "none"})",
            Rows = [.. seeds.Select(s => $"seed {s}")],
            Columns = [.. columns.Select(c => c.Item2)],
        };
        ImageCodec.WritePng(gridPath, ImageGrid.Tile(cells, columns.Count, labels: labels));
        return gridPath;
    }
}
