using QirenGan.Generator.Coordinates;

namespace QirenGan.Generator.Tests.Coordinates;

[Collection(TorchCollection.Name)]
public sealed class CoordinateGridTests
{
    [Fact]
    public void Grid_is_row_major_with_x_then_y_columns_on_the_official_convention()
    {
        using var scope = DisposeScope.Enter();
        // r_j = 2j/R − 1: width 3 gives −1, −1/3, 1/3; height 2 gives −1, 0
        var grid = CoordinateGrid.Create(2, 3);
        Assert.Equal(new long[] { 6, 2 }, grid.Shape);
        Assert.Equal(ScalarType.Float32, grid.DType);
        Close.All(new[] { -1, -1, -1 / 3.0, -1, 1 / 3.0, -1, -1, 0, -1 / 3.0, 0, 1 / 3.0, 0 },
            grid.Double().ToArray<double>(), 1e-7);
    }

    [Fact]
    public void Even_points_of_a_doubled_grid_are_the_original_grid()
    {
        using var scope = DisposeScope.Enter();
        var small = CoordinateGrid.Create(4, 6).ToArray<float>();
        var large = CoordinateGrid.Create(8, 12).ToArray<float>();
        for (var y = 0; y < 4; ++y)
        {
            for (var x = 0; x < 6; ++x)
            {
                var s = (y * 6 + x) * 2;
                var l = (2 * y * 12 + 2 * x) * 2;
                Assert.Equal(small[s], large[l]);
                Assert.Equal(small[s + 1], large[l + 1]);
            }
        }
    }
}
