using QirenGan.Torch;

namespace QirenGan.Generator.Projection;

/// <summary>
/// The projection loss without a VGG16 file: per target, the mean squared error of the image in [−1, 1] plus the
/// same error on each 2×2-average-pooled level down to <see cref="MinSide"/> pixels (32×32: levels 32, 16, 8, 4).
///
/// Why the extra levels: the pooled errors are the image's low-frequency error counted again, so the sum weighs
/// the coarse layout (face position, colour of skin, hair and background) more than the pixel-level detail, as a
/// perceptual distance does, and a coarse mismatch is corrected before the optimiser spends itself on texture. Every
/// term is zero exactly when the images are equal (the pooled errors are at most the full one), so the minimum and the
/// PSNR the projection is judged by are those of plain MSE.
/// </summary>
public sealed class PixelDistance : IDisposable
{
    /// <summary>Smallest side of a pooled level.</summary>
    public const int MinSide = 4;

    private readonly Tensor[] _targets;

    /// <param name="targets">uint8 [B, 3, R, R] on the device the images will come from.</param>
    public PixelDistance(Tensor targets)
    {
        if (targets.Dim != 4 || targets.Size(1) != 3 || targets.DType != ScalarType.UInt8)
        {
            throw new ArgumentException($"PixelDistance: targets must be uint8 [B, 3, R, R], got {targets.DType} [{string.Join(", ", targets.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        var signed = targets.To(ScalarType.Float32).Sub(127.5).Div(127.5);   // [B, 3, R, R] in [−1, 1]
        _targets = [.. Pyramid(signed).Select(t => t.DetachFromDisposeScope())];
    }

    /// <summary>Number of levels: 1 (full resolution) plus the pooled ones.</summary>
    public int Levels => _targets.Length;

    /// <summary>Images [B, 3, R, R] in [−1, 1] → [B]: Σ over levels of the per-image mean squared error.</summary>
    public Tensor Distance(Tensor images)
    {
        using var scope = DisposeScope.Enter();
        var levels = Pyramid(images);
        if (levels.Count != _targets.Length || !levels[0].Shape.SequenceEqual(_targets[0].Shape))
        {
            throw new ArgumentException($"PixelDistance: images [{string.Join(", ", images.Shape)}] do not match the targets [{string.Join(", ", _targets[0].Shape)}]");
        }
        Tensor? total = null;
        for (var k = 0; k < levels.Count; ++k)
        {
            var mse = levels[k].Sub(_targets[k]).Square().Mean([1, 2, 3]);  // [B]
            total = total is null ? mse : total.Add(mse);
        }
        return total!.MoveToOuterScope();
    }

    /// <summary>The image, then 2×2 averages of it while the side stays ≥ <see cref="MinSide"/> and even.</summary>
    private static List<Tensor> Pyramid(Tensor images)
    {
        var levels = new List<Tensor> { images };
        var x = images;
        while (x.Size(2) % 2 == 0 && x.Size(3) % 2 == 0 && x.Size(2) / 2 >= MinSide && x.Size(3) / 2 >= MinSide)
        {
            x = Functional.AvgPool2d(x, 2);
            levels.Add(x);
        }
        return levels;
    }

    public void Dispose()
    {
        foreach (var t in _targets)
        {
            t.Dispose();
        }
    }
}
