using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace QirenGan.Torch.Checkpoints;

/// <summary>A float32 array with its shape, as one entry of an .npy / .npz file holds it (C order).</summary>
public sealed record NpyArray(long[] Shape, float[] Data)
{
    /// <summary>As a float32 tensor of <see cref="Shape"/> on the CPU.</summary>
    public Tensor ToTensor() => Tensors.FromArray(Data, Shape);

    /// <summary>From any float tensor (copied to the CPU as float32).</summary>
    public static NpyArray FromTensor(Tensor t)
    {
        using var scope = DisposeScope.Enter();
        return new NpyArray(t.Shape, t.Detach().To(Device.Cpu, ScalarType.Float32).Contiguous().ToArray<float>());
    }

    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}

/// <summary>
/// numpy's .npz (what <c>np.savez</c> writes and <c>np.load</c> reads): a zip archive with one <c>NAME.npy</c> entry per
/// array, each in the .npy format (NEP 1): the magic <c>\x93NUMPY</c>, a version byte pair, a little-endian header
/// length (uint16 in version 1.0, uint32 in 2.0 and 3.0), an ASCII Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (1, 4, 256), }</c> padded with spaces and ended by a newline
/// so the data starts 64-byte aligned, then the raw array. StyleGAN2-ADA's projector writes its result this way
/// (<c>np.savez(…/projected_w.npz, w=…)</c>, float32 [1, num_ws, w_dim]). Writes version 1.0, float32, C order,
/// stored (uncompressed) entries as np.savez does; reads versions 1–3, little-endian float32 or float64 (converted),
/// C or Fortran order, stored or deflated entries (np.savez_compressed).
/// </summary>
public static partial class Npz
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int Alignment = 64;
    private const long MaxHeaderBytes = 1 << 20;

    /// <summary>Writes <paramref name="arrays"/> (name → array) to <paramref name="path"/>, via a temporary file and a rename.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, NpyArray> arrays)
    {
        var full = Path.GetFullPath(path);
        var temp = full + $".tmp-{Environment.ProcessId}";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite))
            {
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var (name, array) in arrays)
                    {
                        var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
                        using var stream = entry.Open();
                        stream.Write(EncodeNpy(array));
                    }
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Reads every array of an .npz. A missing file raises <see cref="FileNotFoundException"/>; anything that is not an
    /// .npz of float arrays raises <see cref="InvalidDataException"/> naming the file and the problem.
    /// </summary>
    public static Dictionary<string, NpyArray> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var arrays = new Dictionary<string, NpyArray>();
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    continue;
                }
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                arrays[entry.FullName[..^4]] = DecodeNpy(buffer.ToArray(), $"{path}: {entry.FullName}");
            }
            return arrays.Count > 0 ? arrays : throw new InvalidDataException($"{path}: an .npz without .npy arrays");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not an .npz file ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>The bytes of one .npy file (version 1.0, float32, C order) holding <paramref name="array"/>.</summary>
    public static byte[] EncodeNpy(NpyArray array)
    {
        CheckSize(array, "Npz");
        var shape = array.Shape.Length switch
        {
            0 => "()",
            1 => $"({array.Shape[0]},)",
            _ => "(" + string.Join(", ", array.Shape) + ")",
        };
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        // magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64
        var unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        var padding = (Alignment - unpadded % Alignment) % Alignment;
        var header = dict + new string(' ', padding) + "\n";
        var bytes = new byte[Magic.Length + 4 + header.Length + array.Data.Length * sizeof(float)];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(10));
        var data = bytes.AsSpan(10 + header.Length);
        for (var i = 0; i < array.Data.Length; ++i)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data[(i * sizeof(float))..], array.Data[i]);
        }
        return bytes;
    }

    /// <summary>Parses one .npy file; <paramref name="name"/> names it in errors.</summary>
    public static NpyArray DecodeNpy(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{name}: not an .npy array (no \\x93NUMPY magic)");
        }
        var major = bytes[6];
        int headerStart;
        long headerLength;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
                headerStart = 10;
                break;
            case 2 or 3 when bytes.Length >= 12:
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
                headerStart = 12;
                break;
            default:
                throw new InvalidDataException($"{name}: unsupported .npy format version {major}.{bytes[7]}");
        }
        if (headerLength > MaxHeaderBytes || headerStart + headerLength > bytes.Length)
        {
            throw new InvalidDataException($"{name}: truncated .npy header");
        }
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(headerStart, (int)headerLength));
        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
        {
            throw new InvalidDataException($"{name}: cannot parse the .npy header {header.Trim()}");
        }
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.TryParse(s.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                : throw new InvalidDataException($"{name}: bad shape '{shapeMatch.Groups[1].Value}' in the .npy header"))
            .ToArray();
        var count = shape.Aggregate(1L, (a, b) => checked(a * b));
        var elementSize = descr.Groups[1].Value switch
        {
            "<f4" => 4,
            "<f8" => 8,
            var other => throw new InvalidDataException($"{name}: dtype '{other}' is not supported (expected little-endian float32 '<f4' or float64 '<f8')"),
        };
        var data = bytes[(int)(headerStart + headerLength)..];
        if (data.Length != count * elementSize)
        {
            throw new InvalidDataException(
                $"{name}: holds {data.Length} data bytes, but shape ({string.Join(", ", shape)}) of '{descr.Groups[1].Value}' needs {count * elementSize}");
        }
        var values = new float[count];
        for (var i = 0; i < count; ++i)
        {
            values[i] = elementSize == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..])
                : (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
        }
        if (fortran.Groups[1].Value == "True" && shape.Length > 1)
        {
            values = FortranToC(values, shape);
        }
        return new NpyArray(shape, values);
    }

    private static float[] FortranToC(float[] values, long[] shape)
    {
        var result = new float[values.Length];
        var index = new long[shape.Length];
        for (long c = 0; c < values.Length; ++c)
        {
            // c walks C order (last index fastest); the Fortran offset has the first index fastest
            long f = 0, stride = 1;
            for (var d = 0; d < shape.Length; ++d)
            {
                f += index[d] * stride;
                stride *= shape[d];
            }
            result[c] = values[f];
            for (var d = shape.Length - 1; d >= 0; --d)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }
                index[d] = 0;
            }
        }
        return result;
    }

    private static void CheckSize(NpyArray array, string who)
    {
        var count = array.Shape.Aggregate(1L, (a, b) => b < 0 ? throw new ArgumentException($"{who}: negative dimension in {array.ShapeText}") : a * b);
        if (count != array.Data.Length)
        {
            throw new ArgumentException($"{who}: shape {array.ShapeText} holds {count} values, the data {array.Data.Length}");
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
