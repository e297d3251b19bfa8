using System.IO.Compression;
using QirenGan.Torch.Checkpoints;

namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class NpzTests
{
    /// <summary>The fixtures' values (make_npz_fixture.py): v[i] = (i − 5) / 3 over the flat C-order index.</summary>
    private static float[] FixtureValues() => [.. Enumerable.Range(0, 12).Select(i => (float)((i - 5) / 3.0))];

    [Fact]
    public void Written_arrays_read_back_bit_for_bit()
    {
        using var dir = Repo.TempDir();
        var path = dir.File("w.npz");
        var arrays = new Dictionary<string, NpyArray>
        {
            ["w"] = new([1, 3, 4], [.. Enumerable.Range(0, 12).Select(i => MathF.Sin(i) * 1e3f)]),
            ["v"] = new([5], [float.Epsilon, -0f, float.MaxValue, 1f / 3, -2.5f]),
            ["s"] = new([], [7.25f]),
        };

        Npz.Write(path, arrays);
        var read = Npz.Read(path);

        Assert.Equal(arrays.Keys.Order(), read.Keys.Order());
        foreach (var (name, a) in arrays)
        {
            Assert.Equal(a.Shape, read[name].Shape);
            Assert.Equal(a.Data.Select(BitConverter.SingleToInt32Bits), read[name].Data.Select(BitConverter.SingleToInt32Bits));
        }
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp-*"));
    }

    [Fact]
    public void An_npz_made_by_numpy_savez_reads_to_its_values()
    {
        var read = Npz.Read(Repo.Fixture("projected-w-1x3x4.npz"));
        Assert.Equal(["w"], read.Keys);
        Assert.Equal([1L, 3, 4], read["w"].Shape);
        Assert.Equal(FixtureValues(), read["w"].Data);
    }

    [Fact]
    public void A_compressed_fortran_order_float64_npz_reads_to_the_same_values()
    {
        var read = Npz.Read(Repo.Fixture("projected-w-compressed.npz"));
        Assert.Equal(["extra", "w"], read.Keys.Order());
        Assert.Equal([1L, 3, 4], read["w"].Shape);
        Assert.Equal(FixtureValues(), read["w"].Data);     // float64 (i − 5)/3 rounded to float32, reordered to C order
        Assert.Equal([2L], read["extra"].Shape);
    }

    [Fact]
    public void The_npy_written_is_byte_for_byte_what_numpy_writes()
    {
        // numpy 1.24's np.savez entry for float32 [1, 3, 4]: format 1.0, header padded to 64 bytes
        using var zip = ZipFile.OpenRead(Repo.Fixture("projected-w-1x3x4.npz"));
        using var stream = zip.GetEntry("w.npy")!.Open();
        using var numpy = new MemoryStream();
        stream.CopyTo(numpy);

        var ours = Npz.EncodeNpy(new NpyArray([1, 3, 4], FixtureValues()));

        Assert.Equal(numpy.ToArray(), ours);
        Assert.Equal(0, (ours.Length - 12 * sizeof(float)) % 64);
    }

    [Fact]
    public void Files_that_are_not_npz_are_refused_naming_the_file()
    {
        using var dir = Repo.TempDir();
        var text = dir.File("text.npz");
        File.WriteAllText(text, "not a zip");
        var e = Assert.Throws<InvalidDataException>(() => Npz.Read(text));
        Assert.Contains(text, e.Message);

        var badNpy = dir.File("bad.npz");
        using (var zip = ZipFile.Open(badNpy, ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("w.npy").Open();
            s.Write("\x93NUMPY\x01\x00"u8);
        }
        e = Assert.Throws<InvalidDataException>(() => Npz.Read(badNpy));
        Assert.Contains(badNpy, e.Message);

        var ints = dir.File("ints.npz");
        var npy = Npz.EncodeNpy(new NpyArray([2], [1, 2]));
        var header = System.Text.Encoding.Latin1.GetString(npy).Replace("'<f4'", "'<i4'");
        using (var zip = ZipFile.Open(ints, ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("w.npy").Open();
            s.Write(System.Text.Encoding.Latin1.GetBytes(header));
        }
        e = Assert.Throws<InvalidDataException>(() => Npz.Read(ints));
        Assert.Contains("<i4", e.Message);
        Assert.Throws<FileNotFoundException>(() => Npz.Read(dir.File("missing.npz")));
    }
}
