using System.Buffers.Binary;
using System.Text;

namespace QirenGan.Generator.Signals;

/// <summary>Decoded audio: samples per channel in [−1, 1].</summary>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Samples">[channel][frame].</param>
public sealed record WavAudio(int SampleRate, float[][] Samples)
{
    public int Channels => Samples.Length;

    public int Frames => Samples.Length == 0 ? 0 : Samples[0].Length;
}

/// <summary>How <see cref="WavFile.Write"/> stores samples.</summary>
public enum WavEncoding
{
    /// <summary>16-bit signed PCM (format tag 1), the most widely readable.</summary>
    Pcm16,

    /// <summary>32-bit IEEE float (format tag 3), lossless for float samples.</summary>
    Float32,
}

/// <summary>
/// RIFF/WAVE reading and writing: PCM 8, 16, 24 and 32-bit integer and 32/64-bit IEEE float, mono or any
/// number of interleaved channels, plain or WAVE_FORMAT_EXTENSIBLE headers. Integer samples are scaled to
/// [−1, 1) by 2^(bits−1) (8-bit is unsigned with offset 128), as libsndfile and SciPy do.
/// </summary>
public static class WavFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    public static WavAudio Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read: {e.Message}", e);
        }
        return Read(bytes, path);
    }

    /// <summary>Decodes a WAV file held in memory; <paramref name="name"/> names it in errors.</summary>
    public static WavAudio Read(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 12 || !Tag(bytes, 0, "RIFF") || !Tag(bytes, 8, "WAVE"))
        {
            throw new InvalidDataException($"{name}: not a WAV file (no RIFF/WAVE header)");
        }
        int? channels = null, sampleRate = null, bits = null;
        ushort format = 0;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes.Slice(offset, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 4)..]);
            var body = offset + 8;
            if (id == "fmt ")
            {
                if (size < 16 || body + 16 > bytes.Length)
                {
                    throw new InvalidDataException($"{name}: truncated fmt chunk");
                }
                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[body..]);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 2)..]);
                sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(body + 4)..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 14)..]);
                if (format == FormatExtensible)
                {
                    if (size < 40 || body + 26 > bytes.Length)
                    {
                        throw new InvalidDataException($"{name}: truncated WAVE_FORMAT_EXTENSIBLE header");
                    }
                    format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 24)..]); // first two bytes of the sub-format GUID
                }
            }
            else if (id == "data")
            {
                if (channels is null || sampleRate is null || bits is null)
                {
                    throw new InvalidDataException($"{name}: data chunk before the fmt chunk");
                }
                var available = Math.Min((long)size, bytes.Length - body);
                return Decode(bytes.Slice(body, (int)available), format, channels.Value, sampleRate.Value, bits.Value, name);
            }
            offset = body + (int)Math.Min(size + (size & 1), int.MaxValue - body); // chunks are padded to even sizes
        }
        throw new InvalidDataException($"{name}: no {(channels is null ? "fmt" : "data")} chunk");
    }

    private static WavAudio Decode(ReadOnlySpan<byte> data, ushort format, int channels, int sampleRate, int bits, string name)
    {
        if (channels < 1)
        {
            throw new InvalidDataException($"{name}: {channels} channels");
        }
        if (sampleRate < 1)
        {
            throw new InvalidDataException($"{name}: sample rate {sampleRate}");
        }
        Func<ReadOnlySpan<byte>, float> sample = (format, bits) switch
        {
            (FormatPcm, 8) => b => (b[0] - 128) / 128f,
            (FormatPcm, 16) => b => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768f,
            (FormatPcm, 24) => b => ((b[0] | (b[1] << 8) | (b[2] << 16)) << 8 >> 8) / 8388608f,
            (FormatPcm, 32) => b => (float)(BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0),
            (FormatFloat, 32) => b => BinaryPrimitives.ReadSingleLittleEndian(b),
            (FormatFloat, 64) => b => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
            _ => throw new InvalidDataException(
                $"{name}: unsupported sample format (format tag {format}, {bits} bits); supported: PCM 8/16/24/32-bit, float 32/64-bit"),
        };
        var bytesPerSample = bits / 8;
        var frames = data.Length / (bytesPerSample * channels);
        var samples = new float[channels][];
        for (var c = 0; c < channels; ++c)
        {
            samples[c] = new float[frames];
        }
        for (var f = 0; f < frames; ++f)
        {
            for (var c = 0; c < channels; ++c)
            {
                samples[c][f] = sample(data.Slice((f * channels + c) * bytesPerSample, bytesPerSample));
            }
        }
        return new WavAudio(sampleRate, samples);
    }

    /// <summary>Writes interleaved samples (clamped to [−1, 1] for PCM) with a plain 44-byte header.</summary>
    public static void Write(string path, WavAudio audio, WavEncoding encoding = WavEncoding.Pcm16)
    {
        var channels = audio.Channels;
        var frames = audio.Frames;
        var bytesPerSample = encoding == WavEncoding.Pcm16 ? 2 : 4;
        var dataSize = frames * channels * bytesPerSample;
        var bytes = new byte[44 + dataSize];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(36 + dataSize));
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(bytes, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), encoding == WavEncoding.Pcm16 ? FormatPcm : FormatFloat);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), (uint)audio.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)(audio.SampleRate * channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), (ushort)(channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), (ushort)(8 * bytesPerSample));
        Encoding.ASCII.GetBytes("data").CopyTo(bytes, 36);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), (uint)dataSize);
        var o = 44;
        for (var f = 0; f < frames; ++f)
        {
            for (var c = 0; c < channels; ++c)
            {
                var v = audio.Samples[c][f];
                if (encoding == WavEncoding.Pcm16)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(o), (short)Math.Clamp(Math.Round(v * 32768.0), -32768, 32767));
                }
                else
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(o), v);
                }
                o += bytesPerSample;
            }
        }
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private static bool Tag(ReadOnlySpan<byte> bytes, int offset, string tag) =>
        Encoding.ASCII.GetString(bytes.Slice(offset, 4)) == tag;
}
