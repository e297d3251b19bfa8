using QirenGan.Hypernet;
using QirenGan.Training.Classification;
using QirenGan.Training.Data;
using QirenGan.Training.Data.Faces;

namespace QirenGan.Training.Tests.Classification;

[Collection(TorchCollection.Name)]
public sealed class CompressionExperimentTests
{
    [Fact]
    public void Labels_are_the_hair_styles_the_faces_were_drawn_with()
    {
        // Given face 3 of set 7, rendered alone
        var (image, traits) = SyntheticFaces.RenderWithTraits(7, 3, FaceAttributeData.Resolution);

        // Then it is the same image Render draws, and the data set labels it with its hair style
        Assert.Equal(SyntheticFaces.Render(7, 3, FaceAttributeData.Resolution).Pixels, image.Pixels);
        using var data = new FaceAttributeData(train: 4, test: 2, seed: 7);
        Assert.Equal((long)traits.Style, data.TrainY.ToArray<long>()[3]);
        Assert.Equal(5, FaceAttributeData.Classes);
        Assert.Equal(Enum.GetValues<HairStyle>().Length, FaceAttributeData.Classes);
    }

    [Fact]
    public void Training_pixels_are_standardised()
    {
        using var scope = DisposeScope.Enter();
        using var data = new FaceAttributeData(train: 64, test: 8, seed: 1);
        var mean = data.TrainX.Mean(0).Abs().Max().ToDouble();
        var std = data.TrainX.Std([0L]);
        Assert.True(mean < 1e-5, $"largest per-pixel mean {mean}");
        // std = s/(s + StdFloor) per pixel: within 1e-3/s of 1 wherever the pixel varies
        Assert.True(std.Max().ToDouble() <= 1 + 1e-6);
    }

    [Fact]
    public void Cross_entropy_matches_the_closed_form()
    {
        // logits (0, ln 3) for label 1: −log(3/4); logits (0, 0) for label 0: −log(1/2)
        using var scope = DisposeScope.Enter();
        var logits = Tensors.FromArray(new double[] { 0, Math.Log(3), 0, 0 }, [2, 2]);
        var labels = Tensors.FromArray(new long[] { 1, 0 });
        var expected = (-Math.Log(0.75) - Math.Log(0.5)) / 2;
        Close.Scalar(expected, CompressionExperiment.CrossEntropy(logits, labels).ToDouble(), 1e-12);
    }

    [Fact]
    public void A_short_run_reports_closed_form_parameter_counts_and_learns()
    {
        // Given a short experiment: dense, TT rank 2 and MERA χ = 2 on 256 faces
        var settings = new ClassificationSettings(Train: 256, Test: 64, Epochs: 6, Batch: 32, TtRanks: [2], MeraBonds: [2]);

        // When it runs
        var results = CompressionExperiment.Run(settings);

        // Then the hidden parameter counts are the closed forms of two 256→256 layers:
        //   dense 2·(256² + 256); TT (4 cores of 4×4, rank 2) 2·(16·2 + 16·4 + 16·4 + 16·2 + 256);
        //   MERA χ = 2: 2·(4·2⁴ + 4·2·2² + 2·2⁴ + 2·16·2² + 256)
        Assert.Equal(["dense", "tt", "mera"], results.Select(r => r.Kind));
        Assert.Equal(2L * (256 * 256 + 256), results[0].HiddenParameters);
        Assert.Equal(2L * (32 + 64 + 64 + 32 + 256), results[1].HiddenParameters);
        Assert.Equal(2L * (64 + 32 + 32 + 128 + 256), results[2].HiddenParameters);
        Assert.Equal(results[0].HiddenParameters / (double)results[2].HiddenParameters, results[2].Compression, 9);
        // and the dense network fits its training faces far above chance (1/5)
        Assert.True(results[0].TrainAccuracy > 0.5, $"dense train accuracy {results[0].TrainAccuracy}");
        Assert.All(results, r => Assert.InRange(r.TestAccuracy, 0, 1));
        var csv = CompressionExperiment.ToCsv(results).Split('\n');
        Assert.StartsWith("kind,bond,hidden_params", csv[0]);
        Assert.StartsWith("mera,2,1024,", csv[3]);
    }
}
