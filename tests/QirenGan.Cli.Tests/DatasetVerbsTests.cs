using QirenGan.Cli;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class DatasetVerbsTests
{
    [Fact]
    public void Synth_faces_then_dataset_writes_a_zip_of_the_same_faces()
    {
        // Given faces written by the synth-faces verb
        using var dir = Repo.TempDir();
        var faces = Path.Combine(dir.Path, "faces");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", "6", "--resolution", "16", "--seed", "2"]));

        // When the dataset verb packs them at the same resolution
        var zip = dir.File("faces.zip");
        Assert.Equal(0, Program.Main(["dataset", "--source", faces, "--dest", zip, "--resolution", "16"]));

        // Then the zip's images are the faces, pixel for pixel
        using var files = ImageFiles.Open(zip);
        Assert.Equal(6, files.Count);
        var originals = Directory.GetFiles(faces, "*.png").Order(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < 6; ++i)
        {
            Assert.Equal(ImageCodec.Decode(originals[i]).Pixels, files.Decode(i).Pixels);
        }
    }

    [Fact]
    public void Bad_input_to_the_dataset_verb_exits_with_code_two()
    {
        using var dir = Repo.TempDir();
        Assert.Equal(0, Program.Main(["synth-faces", "--out", dir.Path, "--count", "1", "--resolution", "8"]));
        Assert.Equal(2, Program.Main(["dataset", "--source", dir.Path, "--dest", dir.File("a.zip"), "--resolution", "24"]));
        Assert.Equal(2, Program.Main(["dataset", "--source", dir.File("missing"), "--dest", dir.File("a.zip"), "--resolution", "16"]));
        Assert.Equal(2, Program.Main(["synth-faces", "--out", dir.Path, "--count", "0"]));
        Assert.False(File.Exists(dir.File("a.zip")));
    }
}
