using System.Reflection;
using SkiaSharp;

namespace QirenGan.Eval.Grids;

/// <summary>
/// The typeface of grid labels: DejaVu Sans Mono, shipped inside this assembly (eval/Grids/Fonts, Bitstream Vera
/// licence in LICENSE.txt beside it). SkiaSharp's NoDependencies build has no fontconfig and so no system fonts;
/// loading the file from the assembly makes labels look the same on every machine, published builds included.
/// </summary>
internal static class GridFont
{
    private const string Resource = "QirenGan.Eval.Grids.Fonts.DejaVuSansMono.ttf";

    private static readonly Lazy<SKTypeface> Shared = new(Load);

    /// <summary>The typeface, loaded once (Skia typefaces are immutable and safe to share between threads).</summary>
    public static SKTypeface Typeface => Shared.Value;

    private static SKTypeface Load()
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"grid font {Resource} is missing from {Assembly.GetExecutingAssembly().Location}");
        // Skia reads glyphs from the stream for as long as the typeface lives: give it its own copy in memory.
        var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        bytes.Position = 0;
        return SKTypeface.FromStream(bytes)
            ?? throw new InvalidOperationException($"grid font {Resource} could not be loaded by Skia");
    }
}
