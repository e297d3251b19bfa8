using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using QirenGan.Torch.Checkpoints;

namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class SafeTensorsTests
{
    private static Dictionary<string, Tensor> Sample()
    {
        using var g = new RandomGenerator(7);
        return new Dictionary<string, Tensor>
        {
            ["mapping.fc0.weight"] = Tensors.Randn([4, 3], g),
            ["b.f64"] = Tensors.Randn([5], g, ScalarType.Float64),
            ["c.bytes"] = Tensors.FromArray(new byte[] { 0, 1, 255, 7, 9 }),
            ["d.step"] = Tensors.FromArray(new long[] { long.MaxValue, -3 }),
            ["e.scalar"] = Tensors.Scalar(3.25),
        };
    }

    [Fact]
    public void Round_trip_is_bit_exact_with_metadata()
    {
        using var scope = DisposeScope.Enter();
        using var dir = Repo.TempDir();
        var path = dir.File("snap.safetensors");
        var tensors = Sample();
        var meta = new Dictionary<string, string> { ["format"] = "qirengan-1", ["options"] = "{\"a\": [1, 2]}" };

        SafeTensors.Write(path, tensors, meta);
        var (loaded, loadedMeta) = SafeTensors.Read(path);

        Assert.Equal(meta, loadedMeta);
        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.DType, loaded[name].DType);
            Assert.Equal(t.Shape, loaded[name].Shape);
            Assert.Equal(t.ToBytes(), loaded[name].ToBytes());
            loaded[name].Dispose();
        }
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void File_has_the_layout_of_the_safetensors_specification()
    {
        using var scope = DisposeScope.Enter();
        using var dir = Repo.TempDir();
        var path = dir.File("layout.safetensors");
        var tensors = Sample();
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["k"] = "v" });

        // Parse by hand: u64 little-endian header size N, N bytes of JSON, then the byte buffer.
        var bytes = File.ReadAllBytes(path);
        var n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Equal('{', header[0]);
        using var doc = JsonDocument.Parse(header);
        Assert.Equal("v", doc.RootElement.GetProperty("__metadata__").GetProperty("k").GetString());
        var buffer = bytes.AsSpan((int)(8 + n));
        long covered = 0;
        foreach (var (name, t) in tensors)
        {
            var entry = doc.RootElement.GetProperty(name);
            var expectedDtype = t.DType switch
            {
                ScalarType.Float32 => "F32", ScalarType.Float64 => "F64", ScalarType.UInt8 => "U8", ScalarType.Int64 => "I64",
                _ => "?",
            };
            Assert.Equal(expectedDtype, entry.GetProperty("dtype").GetString());
            Assert.Equal(t.Shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(e => (int)e.GetInt64()).ToArray();
            Assert.Equal(t.ToBytes(), buffer[offsets[0]..offsets[1]].ToArray());
            covered += offsets[1] - offsets[0];
        }
        Assert.Equal(buffer.Length, covered);
    }

    [Fact]
    public void Truncated_files_are_rejected_with_an_error_naming_the_file()
    {
        using var scope = DisposeScope.Enter();
        using var dir = Repo.TempDir();
        var path = dir.File("full.safetensors");
        SafeTensors.Write(path, Sample());
        var bytes = File.ReadAllBytes(path);
        var headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);

        foreach (var cut in new[] { 0, 3, 8, 20, headerEnd - 1, headerEnd, headerEnd + 5, bytes.Length - 1 })
        {
            var truncated = dir.File($"cut{cut}.safetensors");
            File.WriteAllBytes(truncated, bytes[..cut]);
            var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(truncated));
            Assert.Contains(truncated, error.Message);
        }
    }

    [Fact]
    public void Corrupt_header_is_rejected()
    {
        using var scope = DisposeScope.Enter();
        using var dir = Repo.TempDir();
        var path = dir.File("bad.safetensors");
        SafeTensors.Write(path, Sample());
        var bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)'#';
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Contains("corrupt", error.Message);
    }
}
