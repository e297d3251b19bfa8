namespace QirenGan.Training.Data.Faces;

/// <summary>A colour with components in [0, 1] (sRGB values, blended directly as painters do).</summary>
public readonly record struct Rgb(double R, double G, double B)
{
    public static Rgb Lerp(Rgb a, Rgb b, double t) => new(a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);

    public Rgb Scale(double k) => new(Math.Clamp(R * k, 0, 1), Math.Clamp(G * k, 0, 1), Math.Clamp(B * k, 0, 1));

    /// <summary>Each component shifted by up to ±<paramref name="amount"/>.</summary>
    public Rgb Jitter(ref SplitMix64 rng, double amount) => new(
        Math.Clamp(R + rng.Range(-amount, amount), 0, 1),
        Math.Clamp(G + rng.Range(-amount, amount), 0, 1),
        Math.Clamp(B + rng.Range(-amount, amount), 0, 1));
}
