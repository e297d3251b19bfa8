using System.Buffers.Binary;
using System.Text;
using QirenGan.Generator.Signals;

namespace QirenGan.Generator.Tests.Signals;

public sealed class WavFileTests
{
    /// <summary>A WAV file written byte by byte: RIFF header, a fmt chunk, an odd-sized "LIST" chunk (padded), data.</summary>
    private static byte[] Wav(ushort format, ushort channels, int sampleRate, ushort bits, byte[] data, bool extensible = false)
    {
        var fmt = new byte[extensible ? 40 : 16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, extensible ? (ushort)0xFFFE : format);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(8), sampleRate * channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), format); // sub-format GUID starts with the tag
        }
        var list = Encoding.ASCII.GetBytes("abc"); // odd size: one pad byte follows
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(Encoding.ASCII.GetBytes("RIFF"));
        w.Write(4 + 8 + fmt.Length + 8 + list.Length + 1 + 8 + data.Length);
        w.Write(Encoding.ASCII.GetBytes("WAVE"));
        w.Write(Encoding.ASCII.GetBytes("fmt "));
        w.Write(fmt.Length);
        w.Write(fmt);
        w.Write(Encoding.ASCII.GetBytes("LIST"));
        w.Write(list.Length);
        w.Write(list);
        w.Write((byte)0);
        w.Write(Encoding.ASCII.GetBytes("data"));
        w.Write(data.Length);
        w.Write(data);
        return stream.ToArray();
    }

    private static byte[] Int16s(params short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; ++i)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        }
        return bytes;
    }

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; ++i)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }
        return bytes;
    }

    private static WavAudio ReadFile(byte[] bytes)
    {
        using var dir = Repo.TempDir();
        var path = dir.File("sound.wav");
        File.WriteAllBytes(path, bytes);
        return WavFile.Read(path);
    }

    [Fact]
    public void Reads_16_bit_pcm_mono()
    {
        var audio = ReadFile(Wav(1, 1, 8000, 16, Int16s(0, 16384, -32768, 32767)));
        Assert.Equal(8000, audio.SampleRate);
        Assert.Equal(1, audio.Channels);
        Assert.Equal(new[] { 0f, 0.5f, -1f, 32767f / 32768f }, audio.Samples[0]);
    }

    [Fact]
    public void Reads_16_bit_pcm_stereo_deinterleaved()
    {
        // frames: (L, R) = (100, −200), (300, −400), (500, −600)
        var audio = ReadFile(Wav(1, 2, 44100, 16, Int16s(100, -200, 300, -400, 500, -600)));
        Assert.Equal(2, audio.Channels);
        Assert.Equal(new[] { 100 / 32768f, 300 / 32768f, 500 / 32768f }, audio.Samples[0]);
        Assert.Equal(new[] { -200 / 32768f, -400 / 32768f, -600 / 32768f }, audio.Samples[1]);
    }

    [Fact]
    public void Reads_32_bit_float_mono_and_stereo()
    {
        var mono = ReadFile(Wav(3, 1, 22050, 32, Floats(0.25f, -0.75f, 1f)));
        Assert.Equal(new[] { 0.25f, -0.75f, 1f }, mono.Samples[0]);
        var stereo = ReadFile(Wav(3, 2, 22050, 32, Floats(0.1f, 0.2f, 0.3f, 0.4f), extensible: true));
        Assert.Equal(new[] { 0.1f, 0.3f }, stereo.Samples[0]);
        Assert.Equal(new[] { 0.2f, 0.4f }, stereo.Samples[1]);
    }

    [Fact]
    public void Written_files_read_back()
    {
        using var dir = Repo.TempDir();
        var audio = new WavAudio(16000, [[0f, 0.5f, -0.25f], [1f, -1f, 0.125f]]);
        WavFile.Write(dir.File("pcm.wav"), audio, WavEncoding.Pcm16);
        WavFile.Write(dir.File("float.wav"), audio, WavEncoding.Float32);
        var pcm = WavFile.Read(dir.File("pcm.wav"));
        var floats = WavFile.Read(dir.File("float.wav"));
        Assert.Equal(audio.Samples[1], floats.Samples[1]);
        Assert.Equal(new[] { 0f, 0.5f, -0.25f }, pcm.Samples[0]);
        Assert.Equal(new[] { 32767f / 32768f, -1f, 0.125f }, pcm.Samples[1]); // +1 clamps to the largest 16-bit value
    }

    [Fact]
    public void Bad_files_are_rejected_with_their_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => WavFile.Read(Encoding.ASCII.GetBytes("not a wav file at all"), "noise.wav"));
        Assert.Contains("noise.wav", error.Message);
        error = Assert.Throws<InvalidDataException>(() => WavFile.Read(Wav(1, 1, 8000, 12, new byte[6]), "odd.wav"));
        Assert.Contains("odd.wav: unsupported sample format", error.Message);
    }
}
