namespace QirenGan.Eval.Grids;

/// <summary>
/// Text around an image grid (<see cref="ImageGrid.Tile"/>): a title above it, a label over each column, one left
/// of each row and a caption under each cell. Any part may be null. When cells, rows or columns carry labels, tiles
/// smaller than <see cref="MinTileSize"/> are enlarged by an integer factor with nearest-neighbour sampling (every
/// source pixel becomes a k×k block, nothing interpolated), so a 32×32 tile and its caption stay legible.
/// </summary>
public sealed record GridLabels
{
    /// <summary>One line over the whole grid (null = none), e.g. "fakes at 120 kimg".</summary>
    public string? Title { get; init; }

    /// <summary>One caption per image, in image order, drawn under its tile (null = none), e.g. "seed 7".</summary>
    public IReadOnlyList<string>? Cells { get; init; }

    /// <summary>One label per grid row, drawn left of it (null = none), e.g. "3 → 8".</summary>
    public IReadOnlyList<string>? Rows { get; init; }

    /// <summary>One label per grid column, drawn above it (null = none), e.g. "t=0.25".</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Smallest tile side (pixels) when tiles carry labels; smaller tiles are enlarged to at least this.</summary>
    public int MinTileSize { get; init; } = 128;

    /// <summary>Text height in pixels (the font's em size).</summary>
    public float FontSize { get; init; } = 14;

    /// <summary>Captions "seed N" for the images of <paramref name="seeds"/>, in order.</summary>
    public static GridLabels ForSeeds(IEnumerable<int> seeds) => new() { Cells = [.. seeds.Select(s => $"seed {s}")] };

    /// <summary>Whether any text is attached to cells, rows or columns (which is when tiles are enlarged).</summary>
    internal bool LabelsTiles => Cells != null || Rows != null || Columns != null;
}
