using QirenGan.Torch.Imaging;
using QirenGan.Training.Data;

namespace QirenGan.Training.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class SyntheticFacesTests
{
    [Fact]
    public void A_face_depends_only_on_seed_and_index()
    {
        Assert.Equal(SyntheticFaces.Render(4, 2, 32).Pixels, SyntheticFaces.Render(4, 2, 32).Pixels);
        Assert.NotEqual(SyntheticFaces.Render(4, 2, 32).Pixels, SyntheticFaces.Render(5, 2, 32).Pixels);
        Assert.NotEqual(SyntheticFaces.Render(4, 2, 32).Pixels, SyntheticFaces.Render(4, 3, 32).Pixels);
    }

    [Fact]
    public void Faces_vary_across_seeds_in_colour_and_layout()
    {
        // Given 16 faces
        var faces = Enumerable.Range(0, 16).Select(i => SyntheticFaces.Render(0, i, 32)).ToArray();

        // Then the mean colours spread widely and no two faces are nearly identical
        var means = faces.Select(f => Enumerable.Range(0, 3).Select(c => f.Pixels.Where((_, k) => k % 3 == c).Average(v => v)).ToArray()).ToArray();
        Assert.True(means.Max(m => m[0]) - means.Min(m => m[0]) > 30, "red means barely vary");
        for (var i = 0; i < faces.Length; ++i)
        {
            for (var j = i + 1; j < faces.Length; ++j)
            {
                var diff = faces[i].Pixels.Zip(faces[j].Pixels).Average(p => Math.Abs(p.First - p.Second));
                Assert.True(diff > 8, $"faces {i} and {j} differ by only {diff:F1} levels on average");
            }
        }
    }

    [Fact]
    public void The_face_differs_from_the_background_in_the_middle()
    {
        // The centre (the face) differs from the top corners (background) in every face
        for (var i = 0; i < 8; ++i)
        {
            var f = SyntheticFaces.Render(1, i, 32);
            int Pixel(int x, int y, int c) => f.Pixels[(y * 32 + x) * 3 + c];
            var diff = Enumerable.Range(0, 3).Sum(c => Math.Abs(Pixel(16, 18, c) - Pixel(1, 1, c)));
            Assert.True(diff > 15, $"face {i}: centre and corner colours differ by {diff}");
        }
    }

    [Fact]
    public void A_folder_of_faces_is_decodable_at_the_resolution_and_matches_render()
    {
        using var dir = Repo.TempDir();
        var paths = SyntheticFaces.WriteFolder(dir.Path, 5, 16, seed: 3);
        Assert.Equal(5, Directory.GetFiles(dir.Path, "*.png").Length);
        var decoded = ImageCodec.Decode(paths[4]);
        Assert.Equal((16, 16), (decoded.Width, decoded.Height));
        Assert.Equal(SyntheticFaces.Render(3, 4, 16).Pixels, decoded.Pixels);
    }
}
