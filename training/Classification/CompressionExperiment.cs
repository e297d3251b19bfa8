using System.Diagnostics;
using System.Globalization;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Optim;

namespace QirenGan.Training.Classification;

/// <summary>One configuration of the experiment and what it measured.</summary>
/// <param name="Kind">dense, tt or mera.</param>
/// <param name="Bond">TT rank or MERA χ (0 for dense).</param>
/// <param name="HiddenParameters">Parameters of the compressible hidden layers.</param>
/// <param name="TotalParameters">Parameters of the whole classifier.</param>
/// <param name="Compression">Dense hidden parameters ÷ these hidden parameters.</param>
/// <param name="TrainAccuracy">Accuracy on the training split after the last epoch.</param>
/// <param name="TestAccuracy">Accuracy on the held-out split.</param>
/// <param name="Seconds">Wall time of training and evaluation.</param>
public sealed record ClassificationResult(string Kind, int Bond, long HiddenParameters, long TotalParameters,
    double Compression, double TrainAccuracy, double TestAccuracy, double Seconds);

/// <summary>Settings of <see cref="CompressionExperiment"/>.</summary>
/// <param name="Train">Training faces.</param>
/// <param name="Test">Held-out faces.</param>
/// <param name="Epochs">Passes over the training split.</param>
/// <param name="Batch">Minibatch size.</param>
/// <param name="LearningRate">Adam learning rate (equalised layers: the same for every kind).</param>
/// <param name="TtRanks">TT ranks to try.</param>
/// <param name="MeraBonds">MERA bond dimensions χ to try.</param>
/// <param name="Seed">Seed of the faces, the initial weights and the minibatch order.</param>
public sealed record ClassificationSettings(int Train = 4000, int Test = 1000, int Epochs = 20, int Batch = 64,
    double LearningRate = 0.002, int[]? TtRanks = null, int[]? MeraBonds = null, int Seed = 0)
{
    public int[] Ranks => TtRanks ?? [1, 2, 4, 8];
    public int[] Bonds => MeraBonds ?? [1, 2, 4, 8];

    public void Validate()
    {
        if (Epochs < 1 || Batch < 1 || !(LearningRate > 0))
        {
            throw new ArgumentException($"classification: epochs, batch and learning rate must be positive, got {Epochs}, {Batch}, {LearningRate}");
        }
        if (Ranks.Concat(Bonds).Any(b => b < 1))
        {
            throw new ArgumentException("classification: TT ranks and MERA bond dimensions must be at least 1");
        }
    }
}

/// <summary>
/// Hallam et al.'s comparison at small scale: the same classifier (<see cref="CompressedClassifier"/>) with dense,
/// tensor-train and MERA hidden layers, trained identically on <see cref="FaceAttributeData"/>; accuracy against
/// parameter count.
/// </summary>
public static class CompressionExperiment
{
    public static IReadOnlyList<ClassificationResult> Run(ClassificationSettings settings, Action<ClassificationResult>? progress = null)
    {
        settings.Validate();
        using var data = new FaceAttributeData(settings.Train, settings.Test, settings.Seed);
        var configs = new List<(string Kind, int Bond)> { (MappingOptions.Dense, 0) };
        configs.AddRange(settings.Ranks.Select(r => (MappingOptions.TensorTrain, r)));
        configs.AddRange(settings.Bonds.Select(b => (MappingOptions.Mera, b)));
        var results = new List<ClassificationResult>();
        long? denseHidden = null;
        foreach (var (kind, bond) in configs)
        {
            var r = RunOne(data, settings, kind, bond, ref denseHidden);
            results.Add(r);
            progress?.Invoke(r);
        }
        return results;
    }

    private static ClassificationResult RunOne(FaceAttributeData data, ClassificationSettings s, string kind, int bond, ref long? denseHidden)
    {
        var clock = Stopwatch.StartNew();
        using var rng = new RandomGenerator((ulong)s.Seed + 1);
        using var model = new CompressedClassifier(data.Inputs, FaceAttributeData.Classes, kind, Math.Max(1, bond), rng);
        using var adam = new Adam(model.NamedParameters(), s.LearningRate);
        var n = data.TrainX.Size(0);
        for (var epoch = 0; epoch < s.Epochs; ++epoch)
        {
            using var epochScope = DisposeScope.Enter();
            var order = Tensors.RandPerm(n, rng);
            for (var start = 0L; start < n; start += s.Batch)
            {
                using var scope = DisposeScope.Enter();
                var index = order.Narrow(0, start, Math.Min(s.Batch, n - start));
                var loss = CrossEntropy(model.Forward(data.TrainX.IndexSelect(0, index)), data.TrainY.IndexSelect(0, index));
                adam.ZeroGrad();
                loss.Backward();
                adam.Step();
            }
        }
        model.Eval();
        var trainAccuracy = Accuracy(model, data.TrainX, data.TrainY);
        var testAccuracy = Accuracy(model, data.TestX, data.TestY);
        var hidden = model.HiddenParameterCount;
        denseHidden ??= kind == MappingOptions.Dense ? hidden : null;
        return new ClassificationResult(kind, bond, hidden, model.ParameterCount,
            denseHidden is { } d ? (double)d / hidden : double.NaN, trainAccuracy, testAccuracy, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Mean −log softmax(logits)[label] over the batch.</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels)
    {
        using var scope = DisposeScope.Enter();
        return logits.LogSoftmax(1).Gather(1, labels.Unsqueeze(1)).Mean().Neg().MoveToOuterScope();
    }

    private static double Accuracy(CompressedClassifier model, Tensor x, Tensor y)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        return model.Forward(x).ArgMax(1).Eq(y).Float().Mean().ToDouble();
    }

    /// <summary>The results as CSV (invariant culture), one row per configuration.</summary>
    public static string ToCsv(IEnumerable<ClassificationResult> results)
    {
        var lines = new List<string> { "kind,bond,hidden_params,total_params,compression,train_acc,test_acc,seconds" };
        lines.AddRange(results.Select(r => string.Join(',', r.Kind, r.Bond.ToString(CultureInfo.InvariantCulture),
            r.HiddenParameters.ToString(CultureInfo.InvariantCulture), r.TotalParameters.ToString(CultureInfo.InvariantCulture),
            r.Compression.ToString("F1", CultureInfo.InvariantCulture), r.TrainAccuracy.ToString("F4", CultureInfo.InvariantCulture),
            r.TestAccuracy.ToString("F4", CultureInfo.InvariantCulture), r.Seconds.ToString("F1", CultureInfo.InvariantCulture))));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>A fixed-width table of the results for the terminal and the README.</summary>
    public static string ToTable(IEnumerable<ClassificationResult> results)
    {
        var lines = new List<string>
        {
            "| layers | bond | hidden params | compression | train acc | test acc | seconds |",
            "|--------|-----:|--------------:|------------:|----------:|---------:|--------:|",
        };
        lines.AddRange(results.Select(r =>
            $"| {r.Kind,-6} | {(r.Bond == 0 ? "–" : r.Bond.ToString(CultureInfo.InvariantCulture)),4} | {r.HiddenParameters,13:N0} | {r.Compression,10:F1}× | " +
            $"{r.TrainAccuracy * 100,8:F1}% | {r.TestAccuracy * 100,7:F1}% | {r.Seconds,7:F1} |"));
        return string.Join('\n', lines) + "\n";
    }
}
