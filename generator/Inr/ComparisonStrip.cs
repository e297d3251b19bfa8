using QirenGan.Torch.Imaging;

namespace QirenGan.Generator.Inr;

/// <summary>
/// One PNG-ready row of equally sized images (target | model | model …), each enlarged by pixel repetition so a
/// 32×32 fit stays sharp on a web page, separated by white gaps. What the README's comparison figures are.
/// </summary>
public static class ComparisonStrip
{
    private const int Gap = 4;

    /// <param name="tiles">Images of one size, left to right.</param>
    /// <param name="scale">Pixel repetition factor (1 = as is).</param>
    public static RgbImage Compose(IReadOnlyList<RgbImage> tiles, int scale)
    {
        if (tiles.Count == 0 || scale < 1 || tiles.Any(t => t.Width != tiles[0].Width || t.Height != tiles[0].Height))
        {
            throw new ArgumentException("ComparisonStrip: needs at least one tile, all of one size, and a positive scale");
        }
        int tileWidth = tiles[0].Width * scale, height = tiles[0].Height * scale;
        var width = tiles.Count * tileWidth + (tiles.Count - 1) * Gap;
        var pixels = Enumerable.Repeat((byte)255, width * height * 3).ToArray();
        for (var t = 0; t < tiles.Count; ++t)
        {
            var left = t * (tileWidth + Gap);
            for (var y = 0; y < height; ++y)
            {
                for (var x = 0; x < tileWidth; ++x)
                {
                    var source = ((y / scale) * tiles[t].Width + x / scale) * 3;
                    var target = (y * width + left + x) * 3;
                    pixels[target] = tiles[t].Pixels[source];
                    pixels[target + 1] = tiles[t].Pixels[source + 1];
                    pixels[target + 2] = tiles[t].Pixels[source + 2];
                }
            }
        }
        return new RgbImage(width, height, pixels);
    }
}
