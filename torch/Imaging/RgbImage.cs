namespace QirenGan.Torch.Imaging;

/// <summary>An 8-bit RGB image, row-major, interleaved (H×W×3).</summary>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    public static RgbImage Blank(int width, int height) => new(width, height, new byte[width * height * 3]);

    /// <summary>As a uint8 tensor [3, H, W] (the layout the Inception detector and datasets use).</summary>
    public Tensor ToTensor(Device? device = null)
    {
        using var scope = DisposeScope.Enter();
        var hwc = Tensors.FromArray(Pixels, [Height, Width, 3L], device);
        return hwc.Permute(2, 0, 1).Contiguous().MoveToOuterScope();
    }

    /// <summary>From a uint8 tensor [3, H, W].</summary>
    public static RgbImage FromTensor(Tensor chw)
    {
        if (chw.Dim != 3 || chw.Size(0) != 3 || chw.DType != ScalarType.UInt8)
        {
            throw new ArgumentException($"expected a uint8 tensor [3, H, W], got {chw}");
        }
        using var scope = DisposeScope.Enter();
        var hwc = chw.Permute(1, 2, 0).Contiguous();
        return new RgbImage((int)chw.Size(2), (int)chw.Size(1), hwc.ToArray<byte>());
    }

    /// <summary>
    /// From a float tensor [3, H, W] in [−1, 1], quantised as StyleGAN2-ADA does: x·127.5 + 128, clamped to [0, 255].
    /// </summary>
    public static RgbImage FromSignedTensor(Tensor chw)
    {
        using var scope = DisposeScope.Enter();
        return FromTensor(Quantize(chw));
    }

    /// <summary>x·127.5 + 128 clamped to [0, 255] as uint8 (any shape).</summary>
    public static Tensor Quantize(Tensor signed)
    {
        using var scope = DisposeScope.Enter();
        using var _ = Autograd.NoGrad();
        return signed.Detach().Mul(127.5).Add(128).Clamp(0, 255).To(ScalarType.UInt8).MoveToOuterScope();
    }
}
