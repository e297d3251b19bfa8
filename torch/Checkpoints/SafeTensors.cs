using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace QirenGan.Torch.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a
/// JSON header mapping names to dtype/shape/data_offsets plus a string-to-string "__metadata__", then raw
/// little-endian tensor bytes. Readable from Python, never executable. Writes go to a temporary file that is
/// flushed to disk and renamed, so a killed process leaves either the old file or the new one.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>Writes <paramref name="tensors"/> and <paramref name="metadata"/> atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var sizes = names.Select(n => tensors[n].Numel * tensors[n].DType.ElementSize()).ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata)
                {
                    json.WriteString(k, v);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            for (var i = 0; i < names.Count; ++i)
            {
                var name = names[i];
                var t = tensors[name];
                json.WriteStartObject(name);
                json.WriteString("dtype", t.DType.SafetensorsName());
                json.WriteStartArray("shape");
                foreach (var s in t.Shape)
                {
                    json.WriteNumberValue(s);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + sizes[i]);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += sizes[i];
            }
            json.WriteEndObject();
        }
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        var headerLength = header.Length;
        var padded = (headerLength + 7) / 8 * 8;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> lengthBytes = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)padded);
                file.Write(lengthBytes);
                header.Position = 0;
                header.CopyTo(file);
                for (var k = headerLength; k < padded; ++k)
                {
                    file.WriteByte((byte)' ');
                }
                // One tensor at a time through one buffer: a snapshot's tensors (tens of MB) never sit in the
                // managed heap all at once, where they would stay until a full collection.
                var buffer = new byte[sizes.DefaultIfEmpty(0).Max()];
                for (var i = 0; i < names.Count; ++i)
                {
                    var bytes = buffer.AsSpan(0, checked((int)sizes[i]));
                    tensors[names[i]].CopyBytesTo(bytes);
                    file.Write(bytes);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Reads every tensor and the metadata. The header, every offset and the file length are checked, so a
    /// truncated or corrupt file raises <see cref="InvalidDataException"/> naming the file and the problem.
    /// Tensors are created outside any dispose scope; the caller disposes them.
    /// </summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path,
        Device? device = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: checkpoint not found", path);
        }
        var bytes = File.ReadAllBytes(path);
        var (entries, metadata, dataStart) = ParseHeader(path, bytes);
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var e in entries)
            {
                var span = bytes.AsSpan((int)(dataStart + e.Begin), (int)(e.End - e.Begin));
                using var scope = DisposeScope.Enter();
                var t = Tensors.FromBytes(span, e.DType, e.Shape);
                if (device is { } d && d != Device.Cpu)
                {
                    t = t.To(d);
                }
                tensors[e.Name] = t.DetachFromDisposeScope();
            }
        }
        catch
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
            throw;
        }
        return (tensors, metadata);
    }

    /// <summary>Reads only the metadata (cheap: the tensor data is not touched).</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return ParseHeader(path, bytes).Metadata;
    }

    private sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);

    private static (List<Entry> Entries, Dictionary<string, string> Metadata, long DataStart) ParseHeader(string path,
        byte[] bytes)
    {
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (only {bytes.Length} bytes, truncated?)");
        }
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (header length {headerLength})");
        }
        if (8 + headerLength > bytes.Length)
        {
            throw new InvalidDataException(
                $"{path}: truncated: the header needs {headerLength} bytes but the file has {bytes.Length - 8} after the length");
        }
        var entries = new List<Entry>();
        var metadata = new Dictionary<string, string>();
        var dataLength = bytes.Length - 8 - headerLength;
        try
        {
            using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == MetadataKey)
                {
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.GetString() ?? "";
                    }
                    continue;
                }
                var dtype = ScalarTypeExtensions.FromSafetensorsName(prop.Value.GetProperty("dtype").GetString() ?? "");
                var shape = prop.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                var offsets = prop.Value.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                {
                    throw new InvalidDataException($"{path}: tensor '{prop.Name}' has invalid data_offsets");
                }
                var expected = shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize();
                if (offsets[1] - offsets[0] != expected)
                {
                    throw new InvalidDataException(
                        $"{path}: tensor '{prop.Name}' spans {offsets[1] - offsets[0]} bytes but its shape needs {expected}");
                }
                if (offsets[1] > dataLength)
                {
                    throw new InvalidDataException(
                        $"{path}: truncated: tensor '{prop.Name}' ends at byte {offsets[1]} of the data but only {dataLength} are present");
                }
                entries.Add(new Entry(prop.Name, dtype, shape, offsets[0], offsets[1]));
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: corrupt safetensors header: {e.Message}", e);
        }
        catch (KeyNotFoundException e)
        {
            throw new InvalidDataException($"{path}: corrupt safetensors header: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        var covered = entries.Count == 0 ? 0 : entries.Max(e => e.End);
        if (covered != dataLength)
        {
            throw new InvalidDataException(
                $"{path}: data section is {dataLength} bytes but the tensors cover {covered} (truncated or trailing garbage)");
        }
        return (entries, metadata, 8 + headerLength);
    }
}
