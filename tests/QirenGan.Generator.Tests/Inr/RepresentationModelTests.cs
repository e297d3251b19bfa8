using QirenGan.Generator.Inr;
using QirenGan.Generator.Signals;

namespace QirenGan.Generator.Tests.Inr;

[Collection(TorchCollection.Name)]
public sealed class RepresentationModelTests
{
    public static TheoryData<string> Kinds => [.. RepresentationModels.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_model_maps_coordinates_to_values_near_the_budget(string kind)
    {
        using var scope = DisposeScope.Enter();
        foreach (var budget in new long[] { 300, 3000 })
        {
            // Given a model of this kind built for a budget
            using var model = RepresentationModels.Create(kind, 2, 3, budget);
            // When it maps 7 coordinates
            var values = model.Forward(Tensors.Rand([7, 2]).Mul(2).Sub(1));
            // Then it gives 7 RGB values and has about the budgeted parameters
            Assert.Equal(kind, model.Kind);
            Assert.Equal(new long[] { 7, 3 }, values.Shape);
            Assert.InRange(model.ParameterCount, budget * 0.75, budget * 1.25);
        }
    }

    [Fact]
    public void Parameter_counts_follow_the_architectures()
    {
        // SIREN / ReLU / Tanh with width w and two hidden layers: (2w + w) + 2(w² + w) + (3w + 3)
        using var siren = new SirenNetwork(2, 3, new SirenOptions(10, 2));
        Assert.Equal(3 * 10 + 2 * (100 + 10) + 33, siren.ParameterCount);
        // RFF: the m frequencies are a buffer, the MLP sees 2m inputs
        using var rff = new FourierFeatureNetwork(2, 3, new FourierFeatureOptions(8, 2, 4, 10));
        Assert.Equal(8 * 8 + 8 + 2 * (64 + 8) + 8 * 3 + 3, rff.ParameterCount);
        // QIREN: per hybrid layer Linear(in → n) + BatchNorm(n) scale/shift + θ (S+1)·A·n·3, then Linear(n → 3)
        using var qiren = new QirenNetwork(2, 3, new QirenOptions(Qubits: 3, HiddenLayers: 1, Depth: 2, Reuploads: 2));
        Assert.Equal((2 * 3 + 3 + 6 + 54) + (3 * 3 + 3 + 6 + 54) + (3 * 3 + 3), qiren.ParameterCount);
        Assert.Equal(qiren.ParameterCount, QirenNetwork.CountParameters(2, 3, qiren.Options));
    }

    [Fact]
    public void Siren_uses_its_published_initialisation()
    {
        using var scope = DisposeScope.Enter();
        using var siren = new SirenNetwork(2, 3, new SirenOptions(64, 2), seed: 3);
        var weights = siren.NamedParameters().Where(p => p.Name.EndsWith("weight")).ToDictionary(p => p.Name, p => p.Value.Value.ToArray<float>());
        // First layer U(−1/in, 1/in) with in = 2; later ones U(−√(6/64)/30, √(6/64)/30)
        AssertUniformWithin(weights["sine0.weight"], 1.0 / 2);
        AssertUniformWithin(weights["sine1.weight"], Math.Sqrt(6.0 / 64) / 30);
        AssertUniformWithin(weights["output.weight"], Math.Sqrt(6.0 / 64) / 30);
    }

    private static void AssertUniformWithin(float[] values, double bound)
    {
        Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.True(values.Max(Math.Abs) > 0.8 * bound, $"largest |w| {values.Max(Math.Abs)} should approach the bound {bound}");
    }

    [Fact]
    public void Reconstruction_in_evaluation_mode_equals_the_training_mode_function_on_the_training_grid()
    {
        using var scope = DisposeScope.Enter();
        // Given a QIREN whose BatchNorm running statistics are still at their initial values
        using var model = RepresentationModels.Create("qiren", 2, 3, 300, SignalKind.Image, seed: 4);
        var coords = QirenGan.Generator.Coordinates.CoordinateGrid.Create(6, 6);
        var training = model.Forward(coords).Detach().ToArray<float>();
        // When it is reconstructed (statistics calibrated on the grid, then evaluation mode)
        var reconstructed = SignalFit.Reconstruct(model, coords, coords).ToArray<float>();
        // Then the values are the ones training mode computes
        Close.All(training, reconstructed, 1e-5, what: "reconstruction");
        Assert.True(model.Module.Training);
    }

    [Fact]
    public void Unknown_model_names_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => RepresentationModels.Create("gauss", 2, 3));
        Assert.Contains("qiren, siren, relu, tanh, rff", error.Message);
    }
}
