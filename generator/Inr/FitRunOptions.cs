using QirenGan.Generator.Quantum;
using QirenGan.Torch.Imaging;

namespace QirenGan.Generator.Inr;

/// <summary>What `qirengan fit` does.</summary>
/// <param name="OutputDirectory">Where CSVs, reconstructions and the comparison table go.</param>
/// <param name="Preset">The recipe: the official experiment (paper) or each model's own settings at matched size (fair).</param>
/// <param name="Models">Models to fit, in table order; null = every model of the preset.</param>
/// <param name="Image">Image to fit, already cropped and resized; null = the built-in test card (or audio).</param>
/// <param name="ImageName">What to call <paramref name="Image"/> in the log.</param>
/// <param name="AudioPath">WAV file to fit (the official window of its first channel), or null.</param>
/// <param name="TestCardSize">Side of the built-in image when neither an image nor audio is given.</param>
/// <param name="ZonePlate">The built-in image is the zone plate instead of the test card.</param>
/// <param name="Rgb">Fit RGB (3 outputs) instead of the official grey.</param>
/// <param name="Fit">Steps, log interval, points per step, seed of the batches; its LearningRate overrides every
/// model's when set.</param>
/// <param name="Schedule">Overrides every model's learning-rate schedule when set.</param>
/// <param name="Budget">Fair preset: the baselines' target parameter count; null = QIREN's.</param>
/// <param name="Seed">Seed of every model's initial parameters.</param>
/// <param name="Qiren">QIREN's architecture (and the paper preset's baseline width and hidden layers).</param>
/// <param name="Strategy">Circuit simulation strategy of QIREN.</param>
/// <param name="Execution">Also evaluate the fitted QIREN as a quantum computer would run it (finite shots, noise,
/// ZNE); null = exact only. Training is exact (noiseless) either way.</param>
public sealed record FitRunOptions(
    string OutputDirectory,
    FitPreset Preset = FitPreset.Paper,
    IReadOnlyList<string>? Models = null,
    RgbImage? Image = null,
    string? ImageName = null,
    string? AudioPath = null,
    int TestCardSize = FitPresets.OfficialImageSize,
    bool ZonePlate = false,
    bool Rgb = false,
    FitOptions? Fit = null,
    LearningRateSchedule? Schedule = null,
    long? Budget = null,
    ulong Seed = 0,
    QirenOptions? Qiren = null,
    SimulationStrategy Strategy = SimulationStrategy.Auto,
    QuantumExecution? Execution = null)
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the `fit` option at fault when these options cannot run:
    /// the one place the verb's rules live (the command line only parses).
    /// </summary>
    public void Validate()
    {
        if ((Image is not null || ImageName is not null) && AudioPath is not null)
        {
            throw new ArgumentException("give --image or --audio, not both");
        }
        if (TestCardSize < 2)
        {
            throw new ArgumentException($"--size must be 0 (keep) or at least 2, got {TestCardSize}");
        }
        if (Models is not null && (Models.Count == 0 || Models.Any(m => !RepresentationModels.Kinds.Contains(m))))
        {
            throw new ArgumentException(
                $"unknown --model '{string.Join(",", Models)}' (expected some of {string.Join(", ", RepresentationModels.Kinds)}, comma-separated)");
        }
        if (Fit is { } fit)
        {
            if (fit.Steps < 1 || fit.LogEvery < 1)
            {
                throw new ArgumentException($"--steps and --log-every must be at least 1, got {fit.Steps} and {fit.LogEvery}");
            }
            if (fit.LearningRate is { } rate && !(double.IsFinite(rate) && rate > 0))
            {
                throw new ArgumentException($"--lr must be a positive number, got {rate}");
            }
            if (fit.PointsPerStep is < 1)
            {
                throw new ArgumentException($"--batch must be 0 (all) or positive, got {fit.PointsPerStep}");
            }
        }
        if (Budget is not null && Preset != FitPreset.Fair)
        {
            throw new ArgumentException("--budget applies to --preset fair (the paper preset uses the official sizes)");
        }
        if (Budget is < 1)
        {
            throw new ArgumentException($"--budget must be positive, got {Budget}");
        }
        var qiren = Qiren ?? QirenOptions.Official;
        if (qiren.Qubits is < 1 or > CircuitSpec.MaxQubits || qiren.Depth < 1 || qiren.Reuploads < 1)
        {
            throw new ArgumentException($"--qubits must be in 1..{CircuitSpec.MaxQubits} and --depth, --reuploads at least 1");
        }
        if (qiren.HiddenLayers < 0)
        {
            throw new ArgumentException($"--hidden-layers must be at least 0, got {qiren.HiddenLayers}");
        }
        try
        {
            new CircuitSpec(qiren.Qubits, qiren.Depth, qiren.Reuploads, Observable.ZOnEveryWire, Strategy, qiren.Ansatz).Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--strategy {Strategy.ToString().ToLowerInvariant()}: {e.Message}", e);
        }
        if (Execution is { } execution)
        {
            execution.Validate();
            if (Models is not null && !Models.Contains("qiren"))
            {
                throw new ArgumentException("--shots/--noise/--zne measure QIREN's circuits: add qiren to --model");
            }
            if (!(execution.Noise ?? NoiseModel.None).IsZero && qiren.Ansatz != Ansatz.U3CnotChain)
            {
                throw new ArgumentException("--noise: the density-matrix simulation runs the GAN's circuit only: add --circuit gan");
            }
        }
    }
}
