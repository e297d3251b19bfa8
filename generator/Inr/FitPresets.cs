using QirenGan.Generator.Quantum;
using QirenGan.Generator.Signals;

namespace QirenGan.Generator.Inr;

/// <summary>Which recipe `qirengan fit` follows.</summary>
public enum FitPreset
{
    /// <summary>
    /// The official QIREN signal experiment (GGorMM1/QIREN qinr/train.py and modules.py) for every model: the same
    /// hidden width and layers for all (8 and 2), Adam lr 0.03 with the cosine decay, 301 full-batch steps, and the
    /// official baselines — SIREN with ω₀ = 1, ReLU/Tanh MLPs with BatchNorm, ReLU + RFF (σ = 1) with BatchNorm.
    /// </summary>
    Paper,

    /// <summary>
    /// Every model with its own authors' usual settings at the official QIREN's parameter count: QIREN as in the
    /// paper preset; SIREN with ω₀ = 30 (3000 for audio) and Adam 1e-4 (Sitzmann et al.); plain ReLU/Tanh MLPs and
    /// ReLU + RFF (σ = 10, 500 for audio; Tancik et al.) with Adam 1e-3; baselines at a constant rate.
    /// </summary>
    Fair,
}

/// <summary>One model of a preset: what it is called, how it is trained, how it is built.</summary>
/// <param name="Kind">qiren, siren, relu, tanh or rff.</param>
/// <param name="LearningRate">Adam's base learning rate.</param>
/// <param name="Schedule">How the rate changes over the steps.</param>
/// <param name="Build">A fresh model (the caller disposes it).</param>
public sealed record ModelRecipe(string Kind, double LearningRate, LearningRateSchedule Schedule, Func<RepresentationModel> Build);

/// <summary>The models and training settings of the <see cref="FitPreset"/>s.</summary>
public static class FitPresets
{
    /// <summary>The official trainer's epochs (full-batch steps), learning rate and image side.</summary>
    public const int OfficialSteps = 301;

    public const double OfficialLearningRate = 0.03;

    public const int OfficialImageSize = 32;

    /// <summary>Frames [20000, 25000) every 5th of the official sound file (qinr/sound/data_process.py): 1000 samples.</summary>
    public const int OfficialAudioStart = 20000;

    public const int OfficialAudioEnd = 25000;

    public const int OfficialAudioStride = 5;

    // The official baselines' ω₀ (train.py's --first_omega_0/--hidden_omega_0 defaults) and RFF's unit-σ frequencies.
    private const double OfficialOmega = 1;
    private const double OfficialRffSigma = 1;

    // SIREN's and the Fourier-feature paper's own settings.
    private const double SirenLearningRate = 1e-4;
    private const double MlpLearningRate = 1e-3;

    /// <summary>Every model of <paramref name="preset"/>, in table order.</summary>
    /// <param name="preset">The recipe.</param>
    /// <param name="inputs">Coordinates per point (2 images, 1 audio).</param>
    /// <param name="outputs">Values per point.</param>
    /// <param name="signal">Image or audio (sets the fair preset's SIREN ω₀ and RFF σ).</param>
    /// <param name="qiren">QIREN's architecture; its Qubits and HiddenLayers are also the paper preset's baseline
    /// width and hidden layers (the official --hidden_features and --hidden_layers).</param>
    /// <param name="budget">Fair preset: the baselines' target parameter count; null = QIREN's.</param>
    /// <param name="seed">Seed of every model's initial parameters.</param>
    public static IReadOnlyList<ModelRecipe> Recipes(FitPreset preset, int inputs, int outputs, SignalKind signal,
        QirenOptions qiren, long? budget = null, ulong seed = 0)
    {
        var quantum = new ModelRecipe("qiren", OfficialLearningRate, LearningRateSchedule.Cosine,
            () => new QirenNetwork(inputs, outputs, qiren, seed));
        if (preset == FitPreset.Paper)
        {
            var width = qiren.Qubits;
            var layers = qiren.HiddenLayers;
            ModelRecipe Official(string kind, Func<RepresentationModel> build) =>
                new(kind, OfficialLearningRate, LearningRateSchedule.Cosine, build);
            return
            [
                quantum,
                Official("siren", () => new SirenNetwork(inputs, outputs, new SirenOptions(width, layers, OfficialOmega, OfficialOmega), seed)),
                Official("relu", () => new MlpNetwork(inputs, outputs, new MlpOptions(width, layers, MlpActivation.Relu, BatchNorm: true), seed)),
                Official("tanh", () => new MlpNetwork(inputs, outputs, new MlpOptions(width, layers, MlpActivation.Tanh, BatchNorm: true), seed)),
                // Siren_bn(rff=True): the features replace the first layer, then `layers` BatchNorm ReLU layers.
                Official("rff", () => layers >= 1 && width >= 2
                    ? new FourierFeatureNetwork(inputs, outputs,
                        new FourierFeatureOptions(width, layers - 1, width / 2, OfficialRffSigma, BatchNorm: true), seed)
                    : throw new ArgumentException($"the paper preset's RFF baseline needs at least 1 hidden layer and 2 hidden features, got {layers} and {width}")),
            ];
        }
        var target = budget ?? QirenNetwork.CountParameters(inputs, outputs, qiren);
        ModelRecipe Matched(string kind, double rate) =>
            new(kind, rate, LearningRateSchedule.Constant, () => RepresentationModels.Create(kind, inputs, outputs, target, signal, seed));
        return
        [
            quantum,
            Matched("siren", SirenLearningRate),
            Matched("relu", MlpLearningRate),
            Matched("tanh", MlpLearningRate),
            Matched("rff", MlpLearningRate),
        ];
    }
}
