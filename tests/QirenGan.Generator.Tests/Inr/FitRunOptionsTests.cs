using QirenGan.Generator.Inr;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Inr;

/// <summary>`fit`'s rules, stated once in <see cref="FitRunOptions.Validate"/>: each bad value names its option.</summary>
public sealed class FitRunOptionsTests
{
    private static readonly FitRunOptions Good = new("out", Qiren: QirenOptions.Official);

    public static TheoryData<FitRunOptions, string> BadOptions() => new()
    {
        { Good with { Budget = 500 }, "--budget applies to --preset fair" },
        { Good with { Preset = FitPreset.Fair, Budget = 0 }, "--budget must be positive" },
        { Good with { Models = ["qiren", "ripple"] }, "unknown --model" },
        { Good with { Fit = new FitOptions(0) }, "--steps" },
        { Good with { Fit = new FitOptions(3, LearningRate: double.NaN) }, "--lr" },
        { Good with { Fit = new FitOptions(3, PointsPerStep: -4) }, "--batch" },
        { Good with { Qiren = QirenOptions.Official with { Qubits = 0 } }, "--qubits" },
        { Good with { Qiren = QirenOptions.Official with { HiddenLayers = -1 } }, "--hidden-layers" },
        { Good with { Strategy = SimulationStrategy.Folded }, "--strategy folded" }, // the official circuit runs gate by gate
        { Good with { TestCardSize = 1 }, "--size" },
        { Good with { ImageName = "a.png", AudioPath = "b.wav" }, "not both" },
        { Good with { Models = ["siren"], Execution = new QuantumExecution(Shots: 10) }, "add qiren to --model" },
        { Good with { Execution = new QuantumExecution(Noise: new NoiseModel(Depol1: 0.01)) }, "add --circuit gan" },
        { Good with { Execution = new QuantumExecution(Shots: -1) }, "--shots" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void A_bad_value_is_an_argument_error_naming_its_option(FitRunOptions options, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(options.Validate).Message);

    [Fact]
    public void The_defaults_and_a_noisy_gan_circuit_fit_are_valid()
    {
        Good.Validate();
        (Good with
        {
            Qiren = QirenOptions.Official with { Ansatz = Ansatz.U3CnotChain },
            Execution = new QuantumExecution(Shots: 100, Noise: new NoiseModel(Depol1: 0.01)),
        }).Validate();
    }
}
