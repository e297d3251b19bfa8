using QirenGan.Eval.Detectors;

namespace QirenGan.Eval.Tests.Detectors;

[Collection(TorchCollection.Name)]
public sealed class TorchScriptDetectorTests
{
    private static Tensor ReferenceInput() =>
        Tensors.Arange(0, 2 * 3 * 20 * 20, dtype: ScalarType.Int64).Remainder(256).To(ScalarType.UInt8).Reshape(2, 3, 20, 20);

    [Fact]
    public void The_fixture_detector_gives_the_features_pytorch_recorded()
    {
        using var scope = DisposeScope.Enter();
        using var detector = TorchScriptDetector.Load(Repo.Fixture("tiny-detector.pt"), batchSize: 1);

        var features = detector.Extract(ReferenceInput());

        Assert.Equal(new long[] { 2, 2048 }, features.Shape);
        Assert.Equal(ScalarType.Float32, features.DType);
        // tests/fixtures/tiny-detector-reference.txt: PyTorch 1.13's features[0, :4] and sum for this input.
        Close.All([-0.30028238892555237, 0.14272823929786682, -0.528541088104248, 0.7005243301391602],
            features.Select(0, 0).Narrow(0, 0, 4).Double().ToArray<double>(), 1e-6);
        Close.Scalar(12.921312546881381, features.Double().Sum().ToDouble(), 1e-3, "feature sum");
    }

    [Fact]
    public void Batching_does_not_change_the_features()
    {
        using var scope = DisposeScope.Enter();
        var images = Tensors.RandInt(0, 256, [5, 3, 12, 12], new RandomGenerator(1)).To(ScalarType.UInt8);
        using var oneByOne = TorchScriptDetector.Load(Repo.Fixture("tiny-detector.pt"), batchSize: 1);
        using var byTwo = TorchScriptDetector.Load(Repo.Fixture("tiny-detector.pt"), batchSize: 2);

        var a = oneByOne.Extract(images).ToArray<float>();
        var b = byTwo.Extract(images).ToArray<float>();

        Close.All(a, b, 1e-6);
    }

    [CudaFact]
    public void On_cuda_the_detector_gives_the_cpu_features()
    {
        using var scope = DisposeScope.Enter();
        var images = Tensors.RandInt(0, 256, [3, 3, 24, 24], new RandomGenerator(2)).To(ScalarType.UInt8);
        using var cpu = TorchScriptDetector.Load(Repo.Fixture("tiny-detector.pt"));
        using var cuda = TorchScriptDetector.Load(Repo.Fixture("tiny-detector.pt"), Device.Cuda(0));

        var onCuda = cuda.Extract(images);

        Assert.Equal(Device.Cpu, onCuda.Device);
        Close.All(cpu.Extract(images).ToArray<float>(), onCuda.ToArray<float>(), 1e-4);
    }

    [Fact]
    public void Non_uint8_images_are_rejected_with_the_expected_shape()
    {
        using var scope = DisposeScope.Enter();
        using var detector = TorchScriptDetector.Load(Repo.Fixture("tiny-detector.pt"));

        var e = Assert.Throws<ArgumentException>(() => detector.Extract(Tensors.Zeros([1, 3, 8, 8])));

        Assert.Contains("uint8 images [N, 3, H, W]", e.Message);
    }

    [Fact]
    public void The_identity_is_the_sha256_of_the_file()
    {
        using var detector = TorchScriptDetector.Load(Repo.Fixture("tiny-detector.pt"));
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Repo.Fixture("tiny-detector.pt"))));

        Assert.Equal(expected, detector.Identity);
    }

    [Fact]
    public void A_missing_detector_error_names_the_url_the_option_the_variable_and_the_cache_path()
    {
        using var tmp = Repo.TempDir();
        var missing = tmp.File("inception-2015-12-05.pt");
        var saved = Environment.GetEnvironmentVariable(TorchScriptDetector.EnvironmentVariable);
        try
        {
            var fromOption = Assert.Throws<DetectorNotFoundException>(() => TorchScriptDetector.Locate(missing));
            Environment.SetEnvironmentVariable(TorchScriptDetector.EnvironmentVariable, tmp.File("elsewhere.pt"));
            var fromEnvironment = Assert.Throws<DetectorNotFoundException>(() => TorchScriptDetector.Locate());

            foreach (var e in new[] { fromOption, fromEnvironment })
            {
                Assert.Contains("https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/inception-2015-12-05.pt", e.Message);
                Assert.Contains("--detector", e.Message);
                Assert.Contains("QIRENGAN_DETECTOR", e.Message);
                Assert.Contains(TorchScriptDetector.DefaultCachePath, e.Message);
            }
            Assert.Contains(missing, fromOption.Message);
            Assert.Contains(tmp.File("elsewhere.pt"), fromEnvironment.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(TorchScriptDetector.EnvironmentVariable, saved);
        }
    }
}
