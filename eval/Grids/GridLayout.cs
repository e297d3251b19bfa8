namespace QirenGan.Eval.Grids;

/// <summary>
/// Where everything of an image grid goes, in pixels of the final picture: an optional title line and column-label
/// line on top, an optional row-label margin on the left, then the cells row by row, each a tile (the image enlarged
/// <see cref="Scale"/> times) with an optional caption line under it; <see cref="Padding"/> background pixels around
/// and between cells.
/// </summary>
public sealed record GridLayout(
    int Columns, int Rows, int TileWidth, int TileHeight, int Scale, int Padding,
    int TitleHeight, int ColumnLabelHeight, int RowLabelWidth, int CaptionHeight)
{
    /// <summary>Width of the whole picture.</summary>
    public int Width => RowLabelWidth + Columns * (TileWidth + Padding) + Padding;

    /// <summary>Height of the whole picture.</summary>
    public int Height => Top + Rows * (TileHeight + CaptionHeight + Padding) + Padding;

    /// <summary>Height of the lines above the cells.</summary>
    public int Top => TitleHeight + ColumnLabelHeight;

    /// <summary>Top-left pixel of tile <paramref name="k"/> (row-major: row k / Columns, column k % Columns).</summary>
    public (int X, int Y) Tile(int k) =>
        (RowLabelWidth + Padding + k % Columns * (TileWidth + Padding),
         Top + Padding + k / Columns * (TileHeight + CaptionHeight + Padding));
}
