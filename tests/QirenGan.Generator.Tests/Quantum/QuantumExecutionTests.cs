using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>QuantumExecution is a value; the shot stream belongs to the module that runs the circuits.</summary>
[Collection(TorchCollection.Name)]
public sealed class QuantumExecutionTests
{
    private const long Shots = 50;
    private const ulong ShotSeed = 9;

    private static float[] Values(Tensor t) => t.Contiguous().ToArray<float>();

    [Fact]
    public void Consecutive_forwards_draw_consecutive_samples_of_one_stream_per_setting()
    {
        using var scope = DisposeScope.Enter();
        // Given an encoder measured with 50 shots, and the same estimates made by hand: the exact ⟨Z₀⟩ of its circuits
        // and two binomial draws in a row from one generator of the shot seed
        using var encoder = new QuantumFeatureEncoder(circuits: 2, seed: 3);
        var coords = CoordinateGrid.Create(4, 4);
        var execution = new QuantumExecution(Shots, Seed: ShotSeed);
        var z = QuantumCircuit.Evaluate(encoder.Spec, encoder.CircuitAngles().To(ScalarType.Float32), encoder.EncodingAngles(coords)); // [1, C, P, 1]
        using var generator = new RandomGenerator(ShotSeed);
        var expectedFirst = ShotSampler.EstimateSingleZ(z, Shots, generator).Squeeze(-1).Transpose(1, 2);  // [1, P, C]
        var expectedSecond = ShotSampler.EstimateSingleZ(z, Shots, generator).Squeeze(-1).Transpose(1, 2);

        // When two forwards run after one setting, then the same execution is set again
        encoder.Execution = execution;
        var first = Values(encoder.Forward(coords));
        var second = Values(encoder.Forward(coords));
        encoder.Execution = execution;
        var restarted = Values(encoder.Forward(coords));

        // Then the forwards are the consecutive draws, and setting the execution again restarts its stream
        Close.All(Values(expectedFirst), first, 0, what: "first batch");
        Close.All(Values(expectedSecond), second, 0, what: "second batch");
        Assert.NotEqual(first, second);
        Close.All(first, restarted, 0, what: "after setting again");
    }

    [Fact]
    public void Copies_of_a_used_execution_share_no_shot_stream()
    {
        using var scope = DisposeScope.Enter();
        // Given an execution already drawn from by one encoder
        using var used = new QuantumFeatureEncoder(circuits: 2, seed: 3);
        using var other = new QuantumFeatureEncoder(circuits: 2, seed: 3);
        var coords = CoordinateGrid.Create(4, 4);
        var execution = new QuantumExecution(Shots, Seed: ShotSeed);
        used.Execution = execution;
        var first = Values(used.Forward(coords));
        used.Forward(coords);

        // When a `with` copy and the execution itself run on an identical encoder
        other.Execution = execution with { Fit = execution.Fit };
        var fromCopy = Values(other.Forward(coords));
        other.Execution = execution;
        var fromSame = Values(other.Forward(coords));

        // Then both start from the seed, as the first encoder did
        Close.All(first, fromCopy, 0, what: "copy");
        Close.All(first, fromSame, 0, what: "same execution on another encoder");
    }

    [Fact]
    public void Evaluating_shots_without_a_stream_is_refused()
    {
        using var scope = DisposeScope.Enter();
        var spec = new CircuitSpec(2, 1, 1, Observable.ZOnWire0);
        var theta = Tensors.Zeros([1, .. spec.ParameterShape]);
        var x = Tensors.Zeros([1, 3, 2]);
        var e = Assert.Throws<ArgumentException>(() => new QuantumExecution(Shots).Evaluate(spec, theta, x));
        Assert.Contains("ShotStream", e.Message);
    }

    [Fact]
    public void An_execution_describes_itself_and_its_shot_budget()
    {
        var zne = new QuantumExecution(100, new NoiseModel(Depol1: 1e-3), [1, 2, 3], ExtrapolationFit.Linear);
        Assert.Equal("100 shots, noise depol1=0.001, ZNE (linear) at 1,2,3", zne.Describe());
        Assert.Equal("exact expectations, noise none", QuantumExecution.Exact.Describe());
        // 256 pixels × 4 circuits × 1 basis × 100 shots × 3 noise factors = 307 200
        Assert.Equal(307_200, zne.ShotBudget(256, 4));
        Assert.Equal("256 pixels × 4 circuits × 1 basis × 100 shots × 3 noise factors = 307,200 circuit executions",
            zne.DescribeShotBudget(256, "pixels", 4));
        Assert.Equal("64 points × 2 circuits × 1 basis × 1000 shots = 128,000 circuit executions",
            new QuantumExecution(1000).DescribeShotBudget(64, "points", 2));
        Assert.Null(new QuantumExecution(Noise: new NoiseModel(Depol1: 1e-3)).DescribeShotBudget(64, "points", 2));
    }

    [Fact]
    public void Default_noise_applies_only_where_the_execution_names_none()
    {
        var trained = new NoiseModel(Depol1: 0.01);
        Assert.Equal(trained, new QuantumExecution(10).WithDefaultNoise(trained).Noise);
        Assert.Equal(NoiseModel.None, new QuantumExecution(10, NoiseModel.None).WithDefaultNoise(trained).Noise);
        Assert.Null(new QuantumExecution(10).WithDefaultNoise(null).Noise);
    }
}
