namespace QirenGan.Training.Data.Faces;

/// <summary>Hair style of a synthetic face.</summary>
public enum HairStyle
{
    Short,
    Long,
    Bob,
    Buzz,
    Bun,
}

/// <summary>Fringe over the forehead.</summary>
public enum Fringe
{
    None,
    SidePart,
    Bangs,
}

/// <summary>Mouth expression.</summary>
public enum MouthShape
{
    Smile,
    Neutral,
    Open,
}

/// <summary>
/// Everything that varies between synthetic faces, drawn from one random stream. Lengths are in canvas units
/// ([−1, 1] across the image); the face is centred near (0, 0.05) and about 1.1 wide.
/// </summary>
public sealed record FaceTraits
{
    public required double CenterX { get; init; }
    public required double CenterY { get; init; }
    public required double Roll { get; init; }
    public required double FaceRx { get; init; }
    public required double FaceRy { get; init; }
    public required double JawTaper { get; init; }
    public required Rgb Skin { get; init; }
    public required Rgb Hair { get; init; }
    public required HairStyle Style { get; init; }
    public required Fringe Fringe { get; init; }
    public required double HairlineDrop { get; init; }
    public required Rgb BackgroundTop { get; init; }
    public required Rgb BackgroundBottom { get; init; }
    public required Rgb Clothes { get; init; }
    public required double Yaw { get; init; }
    public required double EyeY { get; init; }
    public required double EyeSpacing { get; init; }
    public required double EyeRx { get; init; }
    public required double EyeRy { get; init; }
    public required Rgb Iris { get; init; }
    public required double BrowLift { get; init; }
    public required double BrowTilt { get; init; }
    public required double BrowThickness { get; init; }
    public required double NoseLength { get; init; }
    public required double MouthY { get; init; }
    public required double MouthWidth { get; init; }
    public required MouthShape Mouth { get; init; }
    public required Rgb Lips { get; init; }
    public required double Blush { get; init; }
    public required bool Glasses { get; init; }
    public required Rgb GlassesColor { get; init; }
    public required bool Beard { get; init; }

    private static readonly Rgb[] SkinAnchors =
    [
        new(0.97, 0.82, 0.71), new(0.86, 0.66, 0.52), new(0.70, 0.49, 0.34), new(0.47, 0.31, 0.21), new(0.30, 0.19, 0.13),
    ];

    private static readonly Rgb[] HairColors =
    [
        new(0.07, 0.06, 0.06), new(0.07, 0.06, 0.06), new(0.22, 0.14, 0.09), new(0.22, 0.14, 0.09), new(0.42, 0.27, 0.15),
        new(0.84, 0.70, 0.44), new(0.55, 0.23, 0.10), new(0.68, 0.67, 0.66),
    ];

    private static readonly Rgb[] IrisColors =
    [
        new(0.33, 0.20, 0.10), new(0.14, 0.09, 0.06), new(0.30, 0.50, 0.76), new(0.33, 0.53, 0.33), new(0.48, 0.54, 0.60),
    ];

    /// <summary>Draws every trait from <paramref name="rng"/> in a fixed order.</summary>
    public static FaceTraits Sample(ref SplitMix64 rng)
    {
        var t = rng.Range(0, SkinAnchors.Length - 1);
        var anchor = (int)t;
        var skin = Rgb.Lerp(SkinAnchors[anchor], SkinAnchors[anchor + 1], t - anchor).Jitter(ref rng, 0.025);
        var style = (HairStyle)rng.Below(5);
        var hair = rng.Pick(HairColors).Jitter(ref rng, 0.03);
        var hue = rng.Range(0, 1);
        var bgTop = Hsv(hue, rng.Range(0.1, 0.5), rng.Range(0.45, 0.95));
        var bgBottom = Hsv(hue + rng.Range(-0.08, 0.08), rng.Range(0.1, 0.5), rng.Range(0.3, 0.85));
        var faceRx = rng.Range(0.47, 0.57);
        var faceRy = faceRx * rng.Range(1.18, 1.36);
        return new FaceTraits
        {
            CenterX = rng.Range(-0.07, 0.07),
            CenterY = rng.Range(0.0, 0.1),
            Roll = rng.Range(-0.15, 0.15),
            FaceRx = faceRx,
            FaceRy = faceRy,
            JawTaper = rng.Range(0.1, 0.35),
            Skin = skin,
            Hair = hair,
            Style = style,
            Fringe = (Fringe)rng.Below(3),
            HairlineDrop = rng.Range(0.35, 0.6),
            BackgroundTop = bgTop,
            BackgroundBottom = bgBottom,
            Clothes = Hsv(rng.Range(0, 1), rng.Range(0.2, 0.8), rng.Range(0.2, 0.9)),
            Yaw = rng.Range(-0.06, 0.06),
            EyeY = rng.Range(-0.12, 0.0),
            EyeSpacing = rng.Range(0.36, 0.46),
            EyeRx = rng.Range(0.3, 0.38),
            EyeRy = rng.Range(0.14, 0.22),
            Iris = rng.Pick(IrisColors).Jitter(ref rng, 0.04),
            BrowLift = rng.Range(0.24, 0.36),
            BrowTilt = rng.Range(-0.25, 0.2),
            BrowThickness = rng.Range(0.035, 0.06),
            NoseLength = rng.Range(0.25, 0.38),
            MouthY = rng.Range(0.42, 0.54),
            MouthWidth = rng.Range(0.3, 0.46),
            Mouth = (MouthShape)rng.Below(3),
            Lips = Rgb.Lerp(skin, new Rgb(0.72, 0.25, 0.28), rng.Range(0.35, 0.7)),
            Blush = rng.Range(0, 0.3),
            Glasses = rng.Chance(0.15),
            GlassesColor = rng.Chance(0.5) ? new Rgb(0.08, 0.08, 0.08) : Hsv(rng.Range(0, 1), 0.6, 0.5),
            Beard = rng.Chance(0.15),
        };
    }

    /// <summary>HSV (hue in turns) to RGB.</summary>
    public static Rgb Hsv(double h, double s, double v)
    {
        h = (h % 1 + 1) % 1 * 6;
        var i = (int)h;
        var f = h - i;
        double p = v * (1 - s), q = v * (1 - s * f), u = v * (1 - s * (1 - f));
        return i switch
        {
            0 => new(v, u, p),
            1 => new(q, v, p),
            2 => new(p, v, u),
            3 => new(p, q, v),
            4 => new(u, p, v),
            _ => new(v, p, q),
        };
    }
}
