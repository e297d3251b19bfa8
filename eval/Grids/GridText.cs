using System.Runtime.InteropServices;
using SkiaSharp;

namespace QirenGan.Eval.Grids;

/// <summary>Measures and draws the <see cref="GridLabels"/> of a grid with Skia and the shipped <see cref="GridFont"/>.</summary>
internal static class GridText
{
    /// <summary>Space between text and whatever is next to it (pixels).</summary>
    private const int Margin = 3;

    /// <summary>Labels are shrunk to fit their cell, but never below this size (pixels), so they stay readable.</summary>
    private const float MinFontSize = 8;

    /// <summary>The layout of <paramref name="n"/> images of <paramref name="h"/>×<paramref name="w"/> with these labels.</summary>
    public static GridLayout Layout(int n, int h, int w, int columns, int rows, int padding, GridLabels? labels)
    {
        if (labels == null)
        {
            return new GridLayout(columns, rows, w, h, 1, padding, 0, 0, 0, 0);
        }
        Check(labels.Cells, n, "cell captions", "images");
        Check(labels.Rows, rows, "row labels", "rows");
        Check(labels.Columns, columns, "column labels", "columns");
        if (labels.MinTileSize < 1 || !(labels.FontSize >= MinFontSize))
        {
            throw new ArgumentException($"ImageGrid: MinTileSize must be ≥ 1 and FontSize ≥ {MinFontSize}, got {labels.MinTileSize} and {labels.FontSize}");
        }
        var scale = labels.LabelsTiles ? Math.Max(1, (labels.MinTileSize + Math.Min(h, w) - 1) / Math.Min(h, w)) : 1;
        using var font = Font(labels.FontSize);
        var line = LineHeight(font);
        var rowWidth = labels.Rows is { } r ? (int)Math.Ceiling(r.Max(t => font.MeasureText(t))) + 2 * Margin : 0;
        return new GridLayout(columns, rows, w * scale, h * scale, scale, padding,
            labels.Title != null ? line : 0, labels.Columns != null ? line : 0, rowWidth, labels.Cells != null ? line : 0);
    }

    /// <summary>Draws the labels onto <paramref name="rgb"/> (H×W×3, laid out by <paramref name="layout"/>) in place.</summary>
    public static void Draw(byte[] rgb, GridLayout layout, GridLabels labels, byte background)
    {
        var (width, height) = (layout.Width, layout.Height);
        var info = new SKImageInfo(width, height, SKColorType.Rgb888x, SKAlphaType.Opaque);
        var rgbx = new byte[(long)width * height * 4];
        for (long i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            (rgbx[i], rgbx[i + 1], rgbx[i + 2], rgbx[i + 3]) = (rgb[j], rgb[j + 1], rgb[j + 2], byte.MaxValue);
        }
        using (var bitmap = new SKBitmap(info))
        {
            // Skia draws into its own (unmanaged) pixels: copy in, draw, copy out (no unsafe code outside torch/).
            Marshal.Copy(rgbx, 0, bitmap.GetPixels(), rgbx.Length);
            using (var canvas = new SKCanvas(bitmap))
            using (var paint = new SKPaint { Color = background < 128 ? SKColors.White : SKColors.Black, IsAntialias = true })
            using (var font = Font(labels.FontSize))
            {
                DrawAll(canvas, layout, labels, font, paint);
                canvas.Flush();
            }
            Marshal.Copy(bitmap.GetPixels(), rgbx, 0, rgbx.Length);
        }
        for (long i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            (rgb[j], rgb[j + 1], rgb[j + 2]) = (rgbx[i], rgbx[i + 1], rgbx[i + 2]);
        }
    }

    private static void DrawAll(SKCanvas canvas, GridLayout layout, GridLabels labels, SKFont font, SKPaint paint)
    {
        var line = LineHeight(font);
        if (labels.Title is { } title)
        {
            Line(canvas, title, layout.Width / 2f, 0, layout.Width - 2 * Margin, font, paint, SKTextAlign.Center);
        }
        for (var c = 0; labels.Columns != null && c < layout.Columns; ++c)
        {
            var (x, _) = layout.Tile(c);
            Line(canvas, labels.Columns[c], x + layout.TileWidth / 2f, layout.TitleHeight, layout.TileWidth, font, paint, SKTextAlign.Center);
        }
        for (var r = 0; labels.Rows != null && r < layout.Rows; ++r)
        {
            var (_, y) = layout.Tile(r * layout.Columns);
            Line(canvas, labels.Rows[r], layout.RowLabelWidth - Margin, y + (layout.TileHeight - line) / 2f, layout.RowLabelWidth,
                font, paint, SKTextAlign.Right);
        }
        for (var k = 0; labels.Cells != null && k < labels.Cells.Count; ++k)
        {
            var (x, y) = layout.Tile(k);
            Line(canvas, labels.Cells[k], x + layout.TileWidth / 2f, y + layout.TileHeight, layout.TileWidth, font, paint, SKTextAlign.Center);
        }
    }

    /// <summary>One line of text in the band of height LineHeight starting at <paramref name="top"/>, shrunk to fit <paramref name="room"/>.</summary>
    private static void Line(SKCanvas canvas, string text, float x, float top, float room, SKFont font, SKPaint paint, SKTextAlign align)
    {
        var size = font.Size;
        var fits = room - 2 * Margin;
        var measured = font.MeasureText(text);
        using var fitted = measured > fits && fits > 0
            ? Font(Math.Max(MinFontSize, size * fits / measured))
            : Font(size);
        // Baseline: the band's top, the margin, then the full-size ascent, so shrunk and full text share a baseline.
        var baseline = top + Margin - font.Metrics.Ascent;
        canvas.DrawText(text, x, baseline, align, fitted, paint);
    }

    private static SKFont Font(float size) => new(GridFont.Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };

    /// <summary>Ascent + descent of <paramref name="font"/> plus a margin above and below, whole pixels.</summary>
    private static int LineHeight(SKFont font) =>
        (int)Math.Ceiling(font.Metrics.Descent - font.Metrics.Ascent) + 2 * Margin;

    private static void Check(IReadOnlyList<string>? labels, int count, string what, string of)
    {
        if (labels != null && labels.Count != count)
        {
            throw new ArgumentException($"ImageGrid: {labels.Count} {what} for {count} {of}");
        }
    }
}
