using System.Runtime.InteropServices;
using QirenGan.Torch.Native;

namespace QirenGan.Torch.Imaging;

/// <summary>PNG/JPEG/BMP decoding and PNG encoding through stb_image (native). Grey and RGBA become RGB.</summary>
public static unsafe class ImageCodec
{
    /// <summary>Decodes an image file; a corrupt or unsupported file raises <see cref="InvalidDataException"/> naming it.</summary>
    public static RgbImage Decode(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: image not found", path);
        }
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes an encoded image held in memory; <paramref name="name"/> is used in error messages.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string name)
    {
        int width, height;
        IntPtr pixels;
        fixed (byte* p = encoded)
        {
            pixels = NativeMethods.qg_image_decode_memory(p, encoded.Length, &width, &height);
        }
        if (pixels == IntPtr.Zero)
        {
            throw new InvalidDataException($"{name}: {NativeMethods.LastError()}");
        }
        try
        {
            var data = new byte[width * height * 3];
            Marshal.Copy(pixels, data, 0, data.Length);
            return new RgbImage(width, height, data);
        }
        finally
        {
            NativeMethods.qg_free(pixels);
        }
    }

    /// <summary>Encodes RGB pixels as PNG bytes.</summary>
    public static byte[] EncodePng(RgbImage image)
    {
        if (image.Pixels.Length != image.Width * image.Height * 3)
        {
            throw new ArgumentException($"image {image.Width}×{image.Height} needs {image.Width * image.Height * 3} bytes, has {image.Pixels.Length}");
        }
        long length;
        IntPtr encoded;
        fixed (byte* p = image.Pixels)
        {
            encoded = NativeMethods.qg_image_encode_png(p, image.Width, image.Height, 3, &length);
        }
        if (encoded == IntPtr.Zero)
        {
            throw new InvalidOperationException($"PNG encoding failed: {NativeMethods.LastError()}");
        }
        try
        {
            var bytes = new byte[length];
            Marshal.Copy(encoded, bytes, 0, (int)length);
            return bytes;
        }
        finally
        {
            NativeMethods.qg_free(encoded);
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
}
