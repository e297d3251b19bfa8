using QirenGan.Generator.Inr;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Signals;
using QirenGan.Torch.Imaging;
using Xunit.Abstractions;

namespace QirenGan.Generator.Tests.Inr;

/// <summary>
/// `fit --shots`: the fitted QIREN evaluated with finite shots (training exact). The shot error of a one-qubit,
/// one-layer QIREN has a closed form: output = w·⟨Z⟩ + b, so the measured output is off by w·(Ẑ − ⟨Z⟩), mean 0 and
/// variance w²(1 − ⟨Z⟩²)/N per pixel, with ⟨Z⟩ = (exact − b)/w read off the exact reconstruction.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class QuantumFitTests(ITestOutputHelper output)
{
    private const int Side = 16;
    private const long Shots = 100;

    [Fact]
    public void Measured_reconstruction_errs_by_the_binomial_shot_variance_and_no_bias()
    {
        using var scope = DisposeScope.Enter();
        // Given a one-qubit, one-hybrid-layer QIREN (U3 circuit, S = 2) on a 16×16 grid, untrained (its function is
        // as good as any) and its exact reconstruction
        using var model = new QirenNetwork(2, 1, new QirenOptions(1, 0, 1, 2, Ansatz.U3CnotChain), seed: 5);
        var coords = Signal.FromImage(TestCard.Create(Side, Side), grey: true, grid: SignalGrid.Linspace).Coordinates;
        var exact = SignalFit.Reconstruct(model, coords, coords).Contiguous().ToArray<float>();
        var parameters = model.NamedParameters().Where(p => p.Name.StartsWith("output.", StringComparison.Ordinal))
            .ToDictionary(p => p.Name, p => p.Value.Value.ToDouble()); // [1, 1] and [1]
        double w = parameters["output.weight"], b = parameters["output.bias"];
        Assert.True(Math.Abs(w) > 0.05, $"output weight {w} too small to read ⟨Z⟩ back");

        // When it is measured with 100 shots under four sampler seeds (1024 pixel estimates)
        double sumSquares = 0, predicted = 0, sumStandardised = 0;
        var count = 0;
        for (ulong seed = 0; seed < 4; ++seed)
        {
            var measured = SignalFit.Reconstruct(model, coords, coords, new QuantumExecution(Shots, Seed: seed)).Contiguous().ToArray<float>();
            for (var p = 0; p < exact.Length; ++p)
            {
                var z = Math.Clamp((exact[p] - b) / w, -1, 1);
                var variance = w * w * (1 - z * z) / Shots;
                var error = measured[p] - exact[p];
                sumSquares += error * error;
                predicted += variance;
                sumStandardised += error / Math.Sqrt(Math.Max(variance, 1e-12));
                ++count;
            }
        }

        // Then the mean squared error matches the binomial variance: with 1024 roughly normal errors the ratio's
        // standard deviation is about √(2/1024) ≈ 0.044, so ±0.25 is over 5σ
        var ratio = sumSquares / predicted;
        var bias = sumStandardised / count;
        output.WriteLine($"shot MSE measured/predicted {ratio:F4}, mean standardised error {bias:F4} over {count} estimates");
        Assert.True(ratio is > 0.75 and < 1.25, $"measured/predicted shot MSE {ratio:F3}");
        // And the estimate is unbiased: the mean standardised error of 1024 pixels has σ ≈ 1/32, so |mean| < 0.16 is 5σ
        Assert.True(Math.Abs(bias) < 0.16, $"mean standardised error {bias:F3}");
    }

    [Fact]
    public void Fit_run_reports_the_measured_psnr_beside_the_exact_one()
    {
        using var dir = Repo.TempDir();
        // Given a tiny fit (8×8 test card, official circuit of 2 qubits, 5 steps) measured at 2⁴⁰ shots
        var options = new FitRunOptions(dir.Path, FitPreset.Paper, Models: ["qiren"], TestCardSize: 8,
            Fit: new FitOptions(Steps: 5, LogEvery: 5), Qiren: QirenOptions.Official with { Qubits = 2, HiddenLayers = 1 },
            Execution: new QuantumExecution(ShotSampler.MaxShots));
        var log = new StringWriter();

        // When it runs
        var result = FitRun.Run(options, log).Single();

        // Then the exact PSNR is the training path's and the measured one, at ~1e-6 shot noise per feature, is
        // within 0.01 dB of it (the shot error is ~1e-5 after the layers, against an MSE above 1e-3)
        Assert.NotNull(result.Measured);
        Assert.True(Math.Abs(result.Measured.Psnr - result.FinalPsnr) < 0.01, $"measured {result.Measured.Psnr} vs exact {result.FinalPsnr} dB");
        // And the shot budget is pixels × circuits (one per hybrid layer) × 1 basis × N
        Assert.Equal(64L * 2 * ShotSampler.MaxShots, result.Measured.ShotBudget);
        Assert.Contains("qiren measured (1099511627776 shots, noise none)", log.ToString());
        Assert.Contains("= 140,737,488,355,328 circuit executions", log.ToString());
        // And the measured reconstruction and the table's columns are written
        Assert.Equal(8, ImageCodec.Decode(dir.File("reconstruction-measured.png")).Width);
        Assert.EndsWith("measured_execution,measured_mse,measured_psnr,shot_budget", File.ReadAllLines(dir.File("compare.csv"))[0]);
    }

    [Fact]
    public void Every_measurement_with_one_execution_starts_from_its_seed()
    {
        using var scope = DisposeScope.Enter();
        // Given a two-layer QIREN and one execution, used for two reconstructions in a row
        using var model = new QirenNetwork(2, 1, new QirenOptions(2, 1, 1, 2, Ansatz.U3CnotChain), seed: 5);
        var coords = Signal.FromImage(TestCard.Create(8, 8), grey: true, grid: SignalGrid.Linspace).Coordinates;
        var execution = new QuantumExecution(Shots, Seed: 2);
        var first = SignalFit.Reconstruct(model, coords, coords, execution).Contiguous().ToArray<float>();
        var second = SignalFit.Reconstruct(model, coords, coords, execution).Contiguous().ToArray<float>();
        var exact = SignalFit.Reconstruct(model, coords, coords).Contiguous().ToArray<float>();

        // Then both draw the same samples (each setting starts a stream from the seed), which perturb the exact values
        Close.All(first, second, 0, what: "two measurements with one execution");
        Assert.NotEqual(exact, first);
        Assert.Null(model.Execution); // Reconstruct restores the exact circuits
    }

    [Fact]
    public void Measuring_a_classical_model_is_refused()
    {
        using var scope = DisposeScope.Enter();
        using var model = RepresentationModels.Create("relu", 2, 1, seed: 0);
        var coords = Tensors.Zeros([4, 2]);
        var e = Assert.Throws<ArgumentException>(() => SignalFit.Reconstruct(model, coords, coords, new QuantumExecution(10)));
        Assert.Contains("QIREN", e.Message);
    }
}
