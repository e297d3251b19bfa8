using System.Diagnostics;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Signals;
using QirenGan.Torch;
using QirenGan.Torch.Optim;

namespace QirenGan.Generator.Inr;

/// <summary>How a representation network is fitted to a signal.</summary>
/// <param name="Steps">Adam steps, each on the whole signal (every pixel or sample).</param>
/// <param name="LearningRate">Adam's learning rate; null = <see cref="SignalFit.DefaultLearningRate"/> of the model.</param>
/// <param name="LogEvery">Record MSE/PSNR every this many steps (and at the first and last).</param>
/// <param name="PointsPerStep">Random points (pixels or samples) per step; null or ≥ the signal's size = all of them
/// (full batch, as the QIREN and SIREN experiments).</param>
/// <param name="Seed">Seed of the random point batches.</param>
/// <param name="Schedule">How the learning rate changes over the steps (constant, or the official cosine decay).</param>
public sealed record FitOptions(int Steps = 500, double? LearningRate = null, int LogEvery = 10, int? PointsPerStep = null,
    ulong Seed = 0, LearningRateSchedule Schedule = LearningRateSchedule.Constant);

/// <summary>
/// One recorded step: the loss of the prediction the step's update started from (on the step's points), and the
/// learning rate that update used.
/// </summary>
public sealed record FitStep(string Model, int Step, double Mse, double Psnr, long Parameters, double Seconds,
    double LearningRate);

/// <summary>
/// The fitted QIREN evaluated as a quantum computer would run it (<see cref="QuantumExecution"/>): its MSE and PSNR
/// against the signal, and the circuit executions that evaluation takes.
/// </summary>
/// <param name="Execution">What was simulated (<see cref="QuantumExecution.Describe"/>), e.g. "1000 shots, noise none".</param>
/// <param name="Mse">MSE of the measured reconstruction against the signal.</param>
/// <param name="Psnr">PSNR of the same, dB.</param>
/// <param name="ShotBudget">Circuit executions of one evaluation: points × circuits × 1 basis × shots × noise factors.</param>
public sealed record QuantumFitResult(string Execution, double Mse, double Psnr, long ShotBudget);

/// <summary>The outcome of a fit; final numbers are those of the reconstruction in evaluation mode.</summary>
public sealed record FitResult(
    string Model,
    string Description,
    long Parameters,
    double LearningRate,
    LearningRateSchedule Schedule,
    int Steps,
    double FinalMse,
    double FinalPsnr,
    double Seconds,
    IReadOnlyList<FitStep> History,
    QuantumFitResult? Measured = null);

/// <summary>
/// Fits a coordinate network to a signal by full-batch Adam on the mean squared error, as the QIREN and SIREN
/// signal-representation experiments do; PSNR is 10·log10(2²/MSE) for values in [−1, 1] (the same as on [0, 1]).
/// </summary>
public static class SignalFit
{
    /// <summary>Adam learning rates that worked for the default budgets on the test card.</summary>
    public static double DefaultLearningRate(string kind) => kind switch
    {
        "qiren" => 1e-2,
        "siren" => 1e-3,
        _ => 1e-3,
    };

    public static double Psnr(double mse) => 10 * Math.Log10(4 / Math.Max(mse, 1e-30));

    public static FitResult Fit(IRepresentationModel model, Signal signal, FitOptions options, Action<FitStep>? progress = null)
    {
        if (model.InputFeatures != signal.InputFeatures || model.OutputFeatures != signal.OutputFeatures)
        {
            throw new ArgumentException(
                $"{model.Kind} maps {model.InputFeatures} → {model.OutputFeatures} values but the signal is {signal.InputFeatures} → {signal.OutputFeatures}");
        }
        if (options.Steps < 0 || options.LogEvery < 1)
        {
            throw new ArgumentException($"fit: steps must be ≥ 0 and log interval ≥ 1, got {options.Steps} and {options.LogEvery}");
        }
        var learningRate = options.LearningRate ?? DefaultLearningRate(model.Kind);
        var history = new List<FitStep>();
        var clock = Stopwatch.StartNew();
        var points = signal.Coordinates.Size(0);
        var batch = Math.Min(options.PointsPerStep ?? points, points);
        model.Module.Train();
        using (var adam = new Adam(model.Module.NamedParameters(), learningRate))
        using (var generator = new RandomGenerator(options.Seed))
        {
            for (var step = 0; step < options.Steps; ++step)
            {
                using var scope = DisposeScope.Enter();
                var coords = signal.Coordinates;
                var values = signal.Values;
                if (batch < points)
                {
                    var chosen = Tensors.RandPerm(points, generator).Narrow(0, 0, batch).To(coords.Device);
                    coords = coords.IndexSelect(0, chosen);
                    values = values.IndexSelect(0, chosen);
                }
                adam.LearningRate = LearningRates.At(options.Schedule, learningRate, step, options.Steps);
                var loss = model.Forward(coords).MseLoss(values);
                loss.Backward();
                adam.Step();
                adam.ZeroGrad();
                if (step % options.LogEvery == 0 || step == options.Steps - 1)
                {
                    var mse = loss.ToDouble();
                    var record = new FitStep(model.Kind, step, mse, Psnr(mse), model.ParameterCount, clock.Elapsed.TotalSeconds,
                        adam.LearningRate);
                    history.Add(record);
                    progress?.Invoke(record);
                }
            }
        }
        double finalMse;
        using (var scope = DisposeScope.Enter())
        {
            finalMse = Reconstruct(model, signal.Coordinates, signal.Coordinates).MseLoss(signal.Values).ToDouble();
        }
        return new FitResult(model.Kind, model.Description, model.ParameterCount, learningRate, options.Schedule, options.Steps, finalMse,
            Psnr(finalMse), clock.Elapsed.TotalSeconds, history);
    }

    /// <summary>
    /// The fitted function at <paramref name="coords"/>, in evaluation mode with BatchNorm statistics taken
    /// exactly from the training coordinates (so a render at another resolution uses the same normalisation).
    /// With an <paramref name="execution"/> (QIREN only) the circuits of that last pass are measured as it says
    /// (finite shots, noise); the BatchNorm calibration stays exact, as it is part of the fitted model.
    /// </summary>
    public static Tensor Reconstruct(IRepresentationModel model, Tensor trainingCoords, Tensor coords,
        QuantumExecution? execution = null)
    {
        if (execution is not null && model is not QirenNetwork)
        {
            throw new ArgumentException($"{model.Kind}: --shots/--noise/--zne apply to QIREN's circuits only");
        }
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var norms = model.Module.NamedModules().Select(m => m.Value).OfType<BatchNorm>().ToList();
        if (norms.Count > 0)
        {
            model.Module.Train();
            foreach (var norm in norms)
            {
                norm.CalibrateOnNextForward = true;
            }
            model.Forward(trainingCoords);
        }
        model.Module.Eval();
        Tensor values;
        try
        {
            if (execution is not null)
            {
                ((QirenNetwork)model).Execution = execution;
            }
            values = model.Forward(coords);
        }
        finally
        {
            if (execution is not null)
            {
                ((QirenNetwork)model).Execution = null;
            }
            model.Module.Train();
        }
        return values.MoveToOuterScope();
    }
}
