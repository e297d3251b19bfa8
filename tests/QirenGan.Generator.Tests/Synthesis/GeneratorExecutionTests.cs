using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;

namespace QirenGan.Generator.Tests.Synthesis;

/// <summary>QirenGenerator.UseExecution: how a generator's circuits run, set without reaching into its encoder.</summary>
[Collection(TorchCollection.Name)]
public sealed class GeneratorExecutionTests
{
    private static GeneratorOptions Tiny(string inr = "qiren", NoiseModel? noise = null) =>
        new(8, inr, Hidden: [8], ZDim: 8, WDim: 8, MappingLayers: 2, Noise: noise);

    private static float[] Render(QirenGenerator g, int seed) =>
        g.Forward(Tensors.Randn([2, 8], new RandomGenerator((ulong)seed))).Contiguous().ToArray<float>();

    [Fact]
    public void Shots_render_reproducibly_per_setting_and_null_restores_the_exact_render()
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        // Given an exact generator and its exact render
        using var g = new QirenGenerator(Tiny());
        g.Eval();
        var exact = Render(g, 1);
        Assert.True(g.HasCircuits);
        Assert.Equal(g.Options.Features, g.Circuits);
        Assert.True(g.Execution.IsExact);

        // When rendered with 20 shots twice in a row, then again after setting the same execution
        var shots = new QuantumExecution(20, Seed: 4);
        g.UseExecution(shots);
        var first = Render(g, 1);
        var second = Render(g, 1);
        g.UseExecution(shots);
        var again = Render(g, 1);
        g.UseExecution(null);

        // Then the setting's stream continues between batches, restarts with each setting, and null is exact again
        Assert.True(g.Execution.IsExact);
        Assert.NotEqual(exact, first);
        Assert.NotEqual(first, second);
        Close.All(first, again, 0, what: "same execution set again");
        Close.All(exact, Render(g, 1), 0, what: "exact after UseExecution(null)");
    }

    [Fact]
    public void A_noise_aware_generator_keeps_its_noise_unless_the_execution_names_one()
    {
        using var scope = DisposeScope.Enter();
        var trained = new NoiseModel(Depol1: 0.02, Depol2: 0.05);
        using var g = new QirenGenerator(Tiny(noise: trained));

        // Given its trained execution: exact expectations under its noise
        Assert.Equal(new QuantumExecution(Noise: trained), g.TrainedExecution);
        Assert.Equal(g.TrainedExecution, g.Execution);

        // When shots are asked without noise, with --noise none, and then nothing
        g.UseExecution(new QuantumExecution(10));
        var withShots = g.Execution;
        g.UseExecution(new QuantumExecution(10, NoiseModel.None));
        var noiseless = g.Execution;
        g.UseExecution(null);

        // Then the trained noise stays, a named noise wins, and null restores the trained execution
        Assert.Equal(new QuantumExecution(10, trained), withShots);
        Assert.Equal(new QuantumExecution(10, NoiseModel.None), noiseless);
        Assert.Equal(g.TrainedExecution, g.Execution);
    }

    [Fact]
    public void A_classical_generator_has_no_circuits_to_run_differently()
    {
        using var g = new QirenGenerator(Tiny("siren"));
        Assert.False(g.HasCircuits);
        Assert.Equal(0, g.Circuits);
        Assert.True(g.Execution.IsExact);
        g.UseExecution(null); // nothing to restore
        var e = Assert.Throws<ArgumentException>(() => g.UseExecution(new QuantumExecution(10)));
        Assert.Equal("--shots/--noise/--zne: the snapshot's INR is 'siren'; they apply to quantum circuits (inr qiren) only", e.Message);
    }
}
