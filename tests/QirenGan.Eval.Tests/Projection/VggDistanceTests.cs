using QirenGan.Eval.Projection;

namespace QirenGan.Eval.Tests.Projection;

[Collection(TorchCollection.Name)]
public sealed class VggDistanceTests
{
    [Fact]
    public void The_distance_is_the_squared_feature_distance_at_256_and_zero_on_the_target()
    {
        using var scope = DisposeScope.Enter();
        using var vgg = VggDistance.Load(Repo.Fixture("tiny-vgg16.pt"));
        using var rng = new RandomGenerator(2);
        var targets = Tensors.Rand([2, 3, 8, 8], rng).Mul(255).Round().To(ScalarType.UInt8);
        vgg.SetTargets(targets);
        var signed = targets.To(ScalarType.Float32).Sub(127.5).Div(127.5);

        var self = vgg.Distance(signed);
        var other = vgg.Distance(signed.Flip(0));

        // Independently: the module's LPIPS features of both sets enlarged to 256×256 (bilinear), squared distance
        using var module = TorchScript.Load(Repo.Fixture("tiny-vgg16.pt"));
        Tensor Features(Tensor x) => module.Forward(Functional.Interpolate(x, 256, 256, InterpolationMode.Bilinear),
            ("resize_images", false), ("return_lpips", true));
        var a = Features(targets.To(ScalarType.Float32));
        var expected = a.Sub(a.Flip(0)).Square().Sum(1).ToDoubles();

        Assert.All(self.ToDoubles(), d => Assert.True(Math.Abs(d) < 1e-6, $"{d}"));
        Assert.Equal(expected[0], other.ToDoubles()[0], 4);
        Assert.Equal(expected[1], other.ToDoubles()[1], 4);
        Assert.True(expected[0] > 0.01);
    }

    [Fact]
    public void A_file_that_is_not_the_vgg16_detector_is_refused_naming_it()
    {
        using var dir = Repo.TempDir();
        var text = dir.File("vgg16.pt");
        File.WriteAllText(text, "not a model");
        var e = Assert.Throws<InvalidDataException>(() => VggDistance.Load(text));
        Assert.Contains(text, e.Message);
        Assert.Contains(VggDistance.DownloadUrl, e.Message);

        // the Inception-style detector takes no resize_images / return_lpips
        var inception = Repo.Fixture("tiny-detector.pt");
        e = Assert.Throws<InvalidDataException>(() => VggDistance.Load(inception));
        Assert.Contains(inception, e.Message);
        Assert.Throws<FileNotFoundException>(() => VggDistance.Load(dir.File("missing.pt")));
    }
}
