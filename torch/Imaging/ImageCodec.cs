using System.Buffers;
using SkiaSharp;

namespace QirenGan.Torch.Imaging;

/// <summary>
/// Image decoding (PNG 8/16-bit, grey, palette, RGBA; JPEG baseline, progressive, grey and CMYK; WebP; BMP; the first
/// frame of a GIF) and PNG encoding through SkiaSharp. Every image becomes 8-bit RGB the way Pillow's
/// <c>Image.open(f).convert('RGB')</c> makes it, which is what StyleGAN2-ADA's dataset_tool.py feeds the network:
/// alpha is dropped, not composited; no ICC profile or EXIF orientation is applied. Where Skia and Pillow differ:
/// 16-bit samples are rounded to 8 bits (Pillow keeps the high byte, so ±1), and JPEG is decoded by Skia's own
/// libjpeg-turbo build, whose inverse DCT and chroma upsampling may differ from Pillow's by a few levels (the figures
/// are pinned by the JPEG parity tests; the dataset tool's PNG zip is the bit-exact path). Thread-safe.
/// </summary>
public static class ImageCodec
{
    private const int BytesPerRgba = 4;

    /// <summary>The codec library and the native build it loaded (reading it proves libSkiaSharp is found).</summary>
    public static string Library =>
        $"SkiaSharp {typeof(SKCodec).Assembly.GetName().Version} (native libSkiaSharp {SkiaSharpVersion.Native})";

    /// <summary>Decodes an image file; a corrupt or unsupported file raises <see cref="InvalidDataException"/> naming it.</summary>
    public static RgbImage Decode(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: image not found", path);
        }
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>
    /// Decodes an encoded image held in memory; <paramref name="name"/> is used in error messages. Anything that is
    /// not a complete, supported image (unknown format, truncated or corrupt data) raises
    /// <see cref="InvalidDataException"/> naming <paramref name="name"/> and the problem.
    /// </summary>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string name)
    {
        if (encoded.IsEmpty)
        {
            throw new InvalidDataException($"{name}: empty file, not an image");
        }
        unsafe
        {
            // Skia reads the caller's bytes in place (no copy); they stay pinned until the codec is gone.
            fixed (byte* p = encoded)
            {
                using var data = SKData.Create((IntPtr)p, encoded.Length);
                using var codec = SKCodec.Create(data) ?? throw new InvalidDataException($"{name}: cannot decode image: {WhyNot(data)}");
                return Decode(codec, name);
            }
        }
    }

    /// <summary>Frame 0 of <paramref name="codec"/> as RGB.</summary>
    private static RgbImage Decode(SKCodec codec, string name)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < 1 || height < 1 || (long)width * height * BytesPerRgba > Array.MaxLength)
        {
            throw new InvalidDataException($"{name}: cannot decode a {codec.EncodedFormat} image of {width}×{height} pixels");
        }
        // Unpremultiplied RGBA and no colour space: Skia then converts no colours and leaves colour under alpha
        // as stored, so dropping alpha below is exactly Pillow's convert('RGB').
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = ArrayPool<byte>.Shared.Rent(width * height * BytesPerRgba);
        try
        {
            SKCodecResult decoded;
            unsafe
            {
                fixed (byte* p = rgba)
                {
                    decoded = codec.GetPixels(info, (IntPtr)p);  // frame 0: a GIF's first frame
                }
            }
            if (decoded != SKCodecResult.Success)
            {
                // IncompleteInput leaves the missing rows filled in; Pillow refuses such a file, and so do we.
                throw new InvalidDataException($"{name}: cannot decode {codec.EncodedFormat} image of {width}×{height}: {Describe(decoded)}");
            }
            var rgb = new byte[width * height * 3];
            DropAlpha(rgba, rgb, width * height);
            return new RgbImage(width, height, rgb);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    /// <summary>Encodes RGB pixels as an 8-bit RGB PNG (no alpha, no colour-space chunk).</summary>
    public static byte[] EncodePng(RgbImage image)
    {
        if (image.Width < 1 || image.Height < 1 || image.Pixels.Length != image.Width * image.Height * 3)
        {
            throw new ArgumentException($"image {image.Width}×{image.Height} needs {image.Width * image.Height * 3} bytes, has {image.Pixels.Length}");
        }
        // Skia has no 24-bit colour type: RGB with an ignored fourth byte, opaque, is written as a 3-channel PNG.
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgb888x, SKAlphaType.Opaque);
        var rgbx = ArrayPool<byte>.Shared.Rent(image.Width * image.Height * BytesPerRgba);
        try
        {
            var src = image.Pixels;
            for (int i = 0, j = 0; j < src.Length; i += BytesPerRgba, j += 3)
            {
                rgbx[i] = src[j];
                rgbx[i + 1] = src[j + 1];
                rgbx[i + 2] = src[j + 2];
                rgbx[i + 3] = byte.MaxValue;
            }
            unsafe
            {
                fixed (byte* p = rgbx)
                {
                    using var pixmap = new SKPixmap(info, (IntPtr)p, info.RowBytes);
                    using var png = pixmap.Encode(SKPngEncoderOptions.Default)
                        ?? throw new InvalidOperationException($"PNG encoding of a {image.Width}×{image.Height} image failed");
                    return png.ToArray();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgbx);
        }
    }

    /// <summary>Writes a PNG through a temporary file and a rename, so readers never see half an image.</summary>
    public static void WritePng(string path, RgbImage image)
    {
        var bytes = EncodePng(image);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>RGBA → RGB for <paramref name="pixels"/> pixels; pointers, since bounds checks cost ~10 % of a decode.</summary>
    private static unsafe void DropAlpha(byte[] rgba, byte[] rgb, int pixels)
    {
        fixed (byte* s = rgba, d = rgb)
        {
            for (var i = 0; i < pixels; ++i)
            {
                byte* from = s + i * BytesPerRgba, to = d + i * 3;
                to[0] = from[0];
                to[1] = from[1];
                to[2] = from[2];
            }
        }
    }

    /// <summary>Why Skia found no codec for <paramref name="data"/> (asked again through a stream, which reports it).</summary>
    private static string WhyNot(SKData data)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(data), out var result);
        return Describe(result == SKCodecResult.Success ? SKCodecResult.InvalidInput : result);
    }

    /// <summary>Skia's result codes in words, for error messages.</summary>
    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.Unimplemented => "not a recognised image format (PNG, JPEG, WebP, BMP, GIF)",
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "the data is truncated or corrupt",
        SKCodecResult.InvalidInput => "the data is not a valid image",
        SKCodecResult.InvalidConversion => "the image's pixel format cannot be converted to RGB",
        SKCodecResult.InvalidScale or SKCodecResult.InvalidParameters => "the image's dimensions are invalid",
        _ => $"decoder error ({result})",
    };
}
