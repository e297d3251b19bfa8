using QirenGan.Eval.Interpolation;
using QirenGan.Torch.Imaging;

namespace QirenGan.Eval.Tests.Interpolation;

[Collection(TorchCollection.Name)]
public sealed class InterpolationTests
{
    [Theory]
    [InlineData(LatentSpace.Z)]
    [InlineData(LatentSpace.W)]
    public void Each_row_starts_and_ends_exactly_at_its_pair_of_latents(LatentSpace space)
    {
        using var scope = DisposeScope.Enter();
        using var g = new RandomGenerator(7);
        var latents = Enumerable.Range(0, 3).Select(_ => Tensors.Randn([6], g)).ToArray();

        var path = LatentPath.Interpolate(latents, steps: 5, space);

        Assert.Equal(new long[] { 2, 5, 6 }, path.Shape);
        for (var k = 0; k < 2; ++k)
        {
            Assert.Equal(latents[k].ToArray<float>(), path.Select(0, k).Select(0, 0).ToArray<float>());
            Assert.Equal(latents[k + 1].ToArray<float>(), path.Select(0, k).Select(0, 4).ToArray<float>());
        }
    }

    [Fact]
    public void Slerp_between_orthogonal_unit_vectors_stays_on_the_circle_at_the_expected_angle()
    {
        // a = e₀, b = e₁: slerp(t) = (cos(tπ/2), sin(tπ/2)).
        using var scope = DisposeScope.Enter();
        var a = Tensors.FromArray(new double[] { 1, 0 });
        var b = Tensors.FromArray(new double[] { 0, 1 });

        var mid = LatentPath.Slerp(a, b, 1.0 / 3).ToArray<double>();

        Close.All([Math.Cos(Math.PI / 6), Math.Sin(Math.PI / 6)], mid, 1e-12);
    }

    [Fact]
    public void Lerp_in_w_is_the_straight_line()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensors.FromArray(new double[] { 1, -2, 4 });
        var b = Tensors.FromArray(new double[] { 3, 2, 0 });

        Close.All([1.5, -1, 3], LatentPath.Lerp(a, b, 0.25).ToArray<double>(), 1e-15);
    }

    [Fact]
    public void The_grid_has_one_row_per_pair_and_its_end_columns_are_the_seeds_own_renders()
    {
        // Given a toy renderer (each latent's first three values become a flat colour) and three latents
        using var tmp = Repo.TempDir();
        using var scope = DisposeScope.Enter();
        Tensor Render(Tensor z) => z.Narrow(1, 0, 3).Tanh().Unsqueeze(2).Unsqueeze(3).Expand(-1, 3, 4, 5).Contiguous();  // [B, 3, 4, 5]
        using var g = new RandomGenerator(3);
        var latents = Enumerable.Range(0, 3).Select(_ => Tensors.Randn([8], g)).ToArray();

        var grid = InterpolationGrid.Render(latents, steps: 4, LatentSpace.Z, Render, batchSize: 3, framesDir: tmp.File("frames"));

        // Then it is 4 columns × 2 rows of 5×4 images, the rows' first and last cells are the endpoints' renders,
        // and the video has 4 + 3 frames (the shared endpoint once)
        Assert.Equal((4 * 5, 2 * 4), (grid.Width, grid.Height));
        RgbImage Alone(Tensor z) => RgbImage.FromSignedTensor(Render(z.Unsqueeze(0)).Select(0, 0));
        byte[] Cell(int row, int col) => Enumerable.Range(0, 3).Select(c => grid.Pixels[((row * 4) * grid.Width + col * 5) * 3 + c]).ToArray();
        for (var row = 0; row < 2; ++row)
        {
            Assert.Equal(Alone(latents[row]).Pixels[..3], Cell(row, 0));
            Assert.Equal(Alone(latents[row + 1]).Pixels[..3], Cell(row, 3));
        }
        var frames = Directory.GetFiles(tmp.File("frames")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"frame{i:D6}.png"), frames);
        Assert.Equal(Alone(latents[1]).Pixels, ImageCodec.Decode(tmp.File("frames/frame000003.png")).Pixels);
        Assert.Equal(Alone(latents[2]).Pixels, ImageCodec.Decode(tmp.File("frames/frame000006.png")).Pixels);
    }
}
