namespace QirenGan.Training.Data.Faces;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fully specified random stream, so a face depends on its seed
/// only and never on the .NET version.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [a, b).</summary>
    public double Range(double a, double b) => a + (b - a) * NextDouble();

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Uniform integer in [0, n).</summary>
    public int Below(int n) => (int)(NextUInt64() % (ulong)n);

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    /// <summary>The seed of item <paramref name="index"/> of a set made with <paramref name="seed"/>.</summary>
    public static ulong Derive(ulong seed, ulong index)
    {
        var mix = new SplitMix64(seed ^ (0xD1B54A32D192ED03UL * (index + 1)));
        return mix.NextUInt64();
    }
}
