using QirenGan.Eval.Grids;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Interpolation;

/// <summary>
/// Renders a latent interpolation: a grid with one row per consecutive pair of latents and <c>steps</c> columns
/// (both endpoints included), and optionally the frames of one continuous path through all latents as numbered
/// PNGs for a video (frame000000.png, …; the endpoint shared by two rows appears once).
/// </summary>
public static class InterpolationGrid
{
    /// <param name="latents">The latents to visit, in order, each of one shape S.</param>
    /// <param name="steps">Columns per row (≥ 2).</param>
    /// <param name="space">Z: spherical interpolation; W: linear.</param>
    /// <param name="render">Latents [B, ...S] → images [B, 3, H, W] in [−1, 1] (for example the generator's synthesis).</param>
    /// <param name="batchSize">Latents per render call.</param>
    /// <param name="framesDir">Folder for the numbered frames (null = none).</param>
    /// <param name="padding">Background pixels around and between grid cells.</param>
    /// <param name="labels">Text around the grid (null = none), e.g. <see cref="Labels"/>.</param>
    public static RgbImage Render(Tensor[] latents, int steps, LatentSpace space, Func<Tensor, Tensor> render,
        int batchSize = 16, string? framesDir = null, int padding = 0, GridLabels? labels = null)
    {
        using var scope = DisposeScope.Enter();
        using var _ = Autograd.NoGrad();
        var path = LatentPath.Interpolate(latents, steps, space);   // [pairs, steps, ...S]
        var pairs = (int)path.Size(0);
        var flat = path.Flatten(0, 1);                               // [pairs·steps, ...S]
        var images = new List<Tensor>();
        for (long start = 0; start < flat.Size(0); start += batchSize)
        {
            using var step = DisposeScope.Enter();
            var batch = flat.Narrow(0, start, Math.Min(batchSize, flat.Size(0) - start));
            var rendered = render(batch);
            if (rendered.Dim != 4 || rendered.Size(0) != batch.Size(0) || rendered.Size(1) != 3)
            {
                throw new InvalidOperationException(
                    $"InterpolationGrid: render returned [{string.Join(", ", rendered.Shape)}] for {batch.Size(0)} latents; expected [{batch.Size(0)}, 3, H, W]");
            }
            images.Add(RgbImage.Quantize(rendered).Cpu().MoveToOuterScope());
        }
        var all = Tensors.Cat([.. images]);                          // [pairs·steps, 3, H, W] uint8
        if (framesDir != null)
        {
            WriteFrames(all, pairs, steps, framesDir);
        }
        return ImageGrid.Tile(all, columns: steps, rows: pairs, padding: padding, labels: labels);
    }

    /// <summary>
    /// Labels for the grid of a path through the latents of <paramref name="seeds"/>: each row its seed pair
    /// ("3 → 8"), each column its interpolation parameter t = j / (steps − 1) ("t=0.25").
    /// </summary>
    public static GridLabels Labels(IReadOnlyList<int> seeds, int steps) => new()
    {
        Rows = [.. seeds.Zip(seeds.Skip(1), (a, b) => $"{a} → {b}")],
        Columns = [.. Enumerable.Range(0, steps).Select(j => $"t={(double)j / (steps - 1):F2}")],
    };

    private static void WriteFrames(Tensor images, int pairs, int steps, string folder)
    {
        Directory.CreateDirectory(folder);
        var frame = 0;
        for (var k = 0; k < pairs; ++k)
        {
            for (var j = k == 0 ? 0 : 1; j < steps; ++j)
            {
                using var scope = DisposeScope.Enter();
                ImageCodec.WritePng(Path.Combine(folder, $"frame{frame++:D6}.png"), RgbImage.FromTensor(images.Select(0, (long)k * steps + j)));
            }
        }
    }
}
