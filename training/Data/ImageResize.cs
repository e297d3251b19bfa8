using QirenGan.Torch.Imaging;

namespace QirenGan.Training.Data;

/// <summary>
/// Center crop and LANCZOS resampling of 8-bit RGB images, bit-exact with Pillow's <c>Image.resize(…, LANCZOS)</c>
/// (libImaging/Resample.c: separable Lanczos-3 widened by the scale factor when shrinking, so downscaling is
/// antialiased; 22-bit fixed-point coefficients; horizontal pass, rounding to 8 bits, vertical pass), which is what
/// StyleGAN2-ADA's dataset_tool.py uses. Pure .NET: safe on any thread.
/// </summary>
public static class ImageResize
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const double LanczosSupport = 3;

    /// <summary>
    /// The centred square of side min(W, H), as dataset_tool.py's center-crop: rows [(H − s)/2, (H + s)/2), columns
    /// likewise (integer division).
    /// </summary>
    public static RgbImage CenterCropSquare(RgbImage image)
    {
        var side = Math.Min(image.Width, image.Height);
        if (image.Width == side && image.Height == side)
        {
            return image;
        }
        var top = (image.Height - side) / 2;
        var left = (image.Width - side) / 2;
        var pixels = new byte[side * side * 3];
        for (var y = 0; y < side; ++y)
        {
            Array.Copy(image.Pixels, ((top + y) * image.Width + left) * 3, pixels, y * side * 3, side * 3);
        }
        return new RgbImage(side, side, pixels);
    }

    /// <summary>Center crop to a square, then resize to <paramref name="resolution"/>² (no-op when already that size).</summary>
    public static RgbImage ToSquare(RgbImage image, int resolution)
    {
        var square = CenterCropSquare(image);
        return square.Width == resolution ? square : Lanczos(square, resolution, resolution);
    }

    /// <summary>Resizes to <paramref name="width"/>×<paramref name="height"/> with Pillow's LANCZOS filter.</summary>
    public static RgbImage Lanczos(RgbImage image, int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"ImageResize: target size {width}×{height} must be positive");
        }
        var pixels = image.Pixels;
        int w = image.Width, h = image.Height;
        if (width != w)
        {
            pixels = Pass(pixels, w, h, width, horizontal: true);
            w = width;
        }
        if (height != h)
        {
            pixels = Pass(pixels, w, h, height, horizontal: false);
            h = height;
        }
        return ReferenceEquals(pixels, image.Pixels) ? image : new RgbImage(w, h, pixels);
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double LanczosKernel(double x) => x >= -LanczosSupport && x < LanczosSupport ? Sinc(x) * Sinc(x / LanczosSupport) : 0;

    /// <summary>Pillow's precompute_coeffs + normalize_coeffs_8bpc: per output index its first input and fixed-point weights.</summary>
    private static (int[] Start, int[][] Weights) Coefficients(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = LanczosSupport * filterScale;
        var start = new int[outSize];
        var weights = new int[outSize][];
        for (var i = 0; i < outSize; ++i)
        {
            var center = (i + 0.5) * scale;
            var min = Math.Max((int)(center - support + 0.5), 0);
            var max = Math.Min((int)(center + support + 0.5), inSize) - min;
            var k = new double[max];
            var total = 0.0;
            for (var x = 0; x < max; ++x)
            {
                k[x] = LanczosKernel((x + min - center + 0.5) / filterScale);
                total += k[x];
            }
            var fixedPoint = new int[max];
            for (var x = 0; x < max; ++x)
            {
                var v = total != 0 ? k[x] / total : 0;
                fixedPoint[x] = (int)(v * (1 << PrecisionBits) + (v < 0 ? -0.5 : 0.5));
            }
            start[i] = min;
            weights[i] = fixedPoint;
        }
        return (start, weights);
    }

    private static byte[] Pass(byte[] source, int w, int h, int outSize, bool horizontal)
    {
        var (start, weights) = Coefficients(horizontal ? w : h, outSize);
        int outW = horizontal ? outSize : w, outH = horizontal ? h : outSize;
        var result = new byte[outW * outH * 3];
        var half = 1 << (PrecisionBits - 1);
        for (var y = 0; y < outH; ++y)
        {
            for (var x = 0; x < outW; ++x)
            {
                var i = horizontal ? x : y;
                var k = weights[i];
                for (var c = 0; c < 3; ++c)
                {
                    long sum = half;
                    for (var t = 0; t < k.Length; ++t)
                    {
                        var index = horizontal ? (y * w + start[i] + t) * 3 + c : ((start[i] + t) * w + x) * 3 + c;
                        sum += source[index] * (long)k[t];
                    }
                    result[(y * outW + x) * 3 + c] = (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);
                }
            }
        }
        return result;
    }
}
