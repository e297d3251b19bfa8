using QirenGan.TensorNet;

namespace QirenGan.TensorNet.Tests;

[Collection(TorchCollection.Name)]
public sealed class OrthogonalInitTests
{
    [Theory]
    [InlineData(4, 4)]
    [InlineData(3, 16)]
    [InlineData(16, 4)]
    public void Isometries_have_orthonormal_rows_or_scaled_orthonormal_columns(int rows, int cols)
    {
        // Given a random isometry
        using var scope = DisposeScope.Enter();
        var v = OrthogonalInit.RandomIsometry(rows, cols, new RandomGenerator(3), ScalarType.Float64);

        // Then V·Vᵀ = I (rows ≤ cols) or Vᵀ·V = (rows/cols)·I (rows > cols)
        Assert.Equal([(long)rows, cols], v.Shape);
        var (gram, size, scale) = rows <= cols ? (v.Mm(v.T()), rows, 1.0) : (v.T().Mm(v), cols, (double)rows / cols);
        var expected = Tensors.Eye(size, ScalarType.Float64).Mul(scale).ToArray<double>();
        Close.All(expected, gram.ToArray<double>(), 1e-12);
    }
}
