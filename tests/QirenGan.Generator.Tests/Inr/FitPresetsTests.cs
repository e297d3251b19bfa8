using QirenGan.Generator.Inr;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Signals;

namespace QirenGan.Generator.Tests.Inr;

/// <summary>The presets build the official models: parameter counts counted by hand from qinr/modules.py.</summary>
[Collection(TorchCollection.Name)]
public sealed class FitPresetsTests
{
    private static IReadOnlyList<ModelRecipe> Paper(int inputs = 2) =>
        FitPresets.Recipes(FitPreset.Paper, inputs, 1, SignalKind.Image, QirenOptions.Official);

    private static long Count(ModelRecipe recipe)
    {
        using var model = recipe.Build();
        return model.ParameterCount;
    }

    [Fact]
    public void Paper_QIREN_has_the_official_parameter_count()
    {
        // Hybridren(2 → 8, 2 hidden layers, spectrum_layer 2) → Linear(8 → 1), counted from its modules:
        //   HybridLayer: Linear(in, 8) = 8·in + 8; BatchNorm1d(8) = 8 + 8;
        //                TorchLayer weights1 (S=2, 2, 8, 3) = 96 and weights2 (2, 8, 3) = 48
        const long quantum = 2 * 2 * 8 * 3 + 2 * 8 * 3;
        const long first = (8 * 2 + 8) + 16 + quantum; // 184
        const long hidden = (8 * 8 + 8) + 16 + quantum; // 232
        const long official = first + 2 * hidden + (8 + 1); // 657
        var qiren = Paper().Single(r => r.Kind == "qiren");
        Assert.Equal(657, official);
        Assert.Equal(official, Count(qiren));
        Assert.Equal((0.03, LearningRateSchedule.Cosine), (qiren.LearningRate, qiren.Schedule));
        using var model = (QirenNetwork)qiren.Build();
        Assert.All(model.Layers, l => Assert.Equal(Ansatz.StronglyEntangling, l.Spec.Ansatz));
    }

    [Fact]
    public void Paper_baselines_have_the_official_parameter_counts()
    {
        // Siren(2 → 8, 2 hidden, ω₀ = 1): (16 + 8) + 2·(64 + 8) + (8 + 1)
        // Siren_bn relu / tanh: the same linears plus BatchNorm1d(8) (16) after each of the three hidden linears
        // Siren_bn rff: FourierFeatures(2 → 4) is a buffer (8 features), then two BatchNorm layers 8 → 8, then 8 → 1
        var counts = Paper().ToDictionary(r => r.Kind, Count);
        Assert.Equal(24 + 2 * 72 + 9, counts["siren"]);
        Assert.Equal(24 + 2 * 72 + 9 + 3 * 16, counts["relu"]);
        Assert.Equal(24 + 2 * 72 + 9 + 3 * 16, counts["tanh"]);
        Assert.Equal(2 * (72 + 16) + 9, counts["rff"]);
        Assert.Equal(["qiren", "siren", "relu", "tanh", "rff"], Paper().Select(r => r.Kind));
    }

    [Fact]
    public void Paper_sound_QIREN_takes_one_coordinate()
    {
        // The sound experiment: in_features = 1, so the first Linear is 1 → 8 (8 weights fewer than for images)
        Assert.Equal(657 - 8, Count(Paper(inputs: 1).Single(r => r.Kind == "qiren")));
    }

    [Fact]
    public void Fair_baselines_match_QIRENs_parameter_count()
    {
        var recipes = FitPresets.Recipes(FitPreset.Fair, 2, 1, SignalKind.Image, QirenOptions.Official);
        foreach (var recipe in recipes)
        {
            Assert.InRange(Count(recipe), 657 * 0.9, 657 * 1.1);
        }
        using var siren = (SirenNetwork)recipes.Single(r => r.Kind == "siren").Build();
        Assert.Equal(30, siren.Options.FirstOmega);
        Assert.Equal((1e-4, LearningRateSchedule.Constant), (recipes[1].LearningRate, recipes[1].Schedule));
    }

    [Fact]
    public void Paper_models_map_coordinates_with_BatchNorm_statistics()
    {
        using var scope = DisposeScope.Enter();
        var coords = Tensors.Rand([16, 2]).Mul(2).Sub(1);
        foreach (var recipe in Paper())
        {
            using var model = recipe.Build();
            Assert.Equal(new long[] { 16, 1 }, model.Forward(coords).Shape);
        }
    }
}
