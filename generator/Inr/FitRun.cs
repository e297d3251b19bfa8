using System.Globalization;
using CsvHelper;
using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Signals;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Generator.Inr;

/// <summary>What `qirengan fit` does.</summary>
/// <param name="ImagePath">Image to fit (PNG/JPEG…), or null.</param>
/// <param name="AudioPath">WAV file to fit, or null.</param>
/// <param name="TestCardSize">When neither path is given: fit the built-in test card at this size (pixels per side).</param>
/// <param name="Models">Models to fit (several = a comparison at matched budgets).</param>
/// <param name="OutputDirectory">Where CSVs, reconstructions and the comparison table go.</param>
/// <param name="Fit">Steps, learning rate, log interval.</param>
/// <param name="Budget">Target parameter count of every model; null = the default QIREN's.</param>
/// <param name="Seed">Seed of every model's initial parameters.</param>
/// <param name="Qiren">QIREN circuit settings (its HiddenLayers follows the budget).</param>
/// <param name="Strategy">Circuit simulation strategy of QIREN.</param>
public sealed record FitRunOptions(
    string? ImagePath,
    string? AudioPath,
    int TestCardSize,
    IReadOnlyList<string> Models,
    string OutputDirectory,
    FitOptions Fit,
    long? Budget = null,
    ulong Seed = 0,
    QirenOptions? Qiren = null,
    SimulationStrategy Strategy = SimulationStrategy.Auto);

/// <summary>
/// Loads the signal, fits each model, and writes per model a CSV of MSE/PSNR/parameters per logged step and the
/// reconstruction (PNG, plus a render at 2× resolution, for images; WAV for audio); with several models also
/// compare.csv and compare.md. Single model: files go to the output folder; several: one sub-folder each.
/// </summary>
public static class FitRun
{
    public static IReadOnlyList<FitResult> Run(FitRunOptions options, TextWriter log)
    {
        if (options.ImagePath is not null && options.AudioPath is not null)
        {
            throw new ArgumentException("give an image or an audio file, not both");
        }
        Directory.CreateDirectory(options.OutputDirectory);
        using var signal = Load(options, log);
        var results = new List<FitResult>();
        foreach (var kind in options.Models)
        {
            var folder = options.Models.Count == 1 ? options.OutputDirectory : Path.Combine(options.OutputDirectory, kind);
            Directory.CreateDirectory(folder);
            using var model = RepresentationModels.Create(kind, signal.InputFeatures, signal.OutputFeatures, options.Budget,
                signal.Kind, options.Seed, options.Qiren);
            if (model is QirenNetwork qiren)
            {
                qiren.Strategy = options.Strategy;
            }
            log.WriteLine($"{kind}: {model.Description}; {model.ParameterCount} parameters");
            var result = SignalFit.Fit(model, signal, options.Fit,
                step => log.WriteLine($"  {kind} step {step.Step,5}  mse {step.Mse:E3}  psnr {step.Psnr:F2} dB  {step.Seconds:F1} s"));
            log.WriteLine($"  {kind} final (eval) psnr {result.FinalPsnr:F2} dB, {result.Seconds:F1} s");
            WriteHistory(Path.Combine(folder, "history.csv"), result.History);
            WriteReconstruction(model, signal, folder);
            results.Add(result);
        }
        if (results.Count > 1)
        {
            WriteComparison(options.OutputDirectory, results);
        }
        return results;
    }

    /// <summary>The signal named by the options: image, audio, or the built-in test card.</summary>
    public static Signal Load(FitRunOptions options, TextWriter log)
    {
        if (options.AudioPath is not null)
        {
            var audio = WavFile.Read(options.AudioPath);
            log.WriteLine($"audio {options.AudioPath}: {audio.Frames} frames × {audio.Channels} channels at {audio.SampleRate} Hz");
            return Signal.FromAudio(audio);
        }
        RgbImage image;
        if (options.ImagePath is not null)
        {
            image = ImageCodec.Decode(options.ImagePath);
            log.WriteLine($"image {options.ImagePath}: {image.Width}×{image.Height}");
        }
        else
        {
            image = TestCard.Create(options.TestCardSize, options.TestCardSize);
            log.WriteLine($"built-in test card {image.Width}×{image.Height}");
        }
        ImageCodec.WritePng(Path.Combine(options.OutputDirectory, "target.png"), image);
        return Signal.FromImage(image);
    }

    /// <summary>The comparison as rows of text: model, parameters, PSNR, MSE, seconds, description.</summary>
    public static IReadOnlyList<string[]> ComparisonRows(IEnumerable<FitResult> results) =>
        results.Select(r => new[]
        {
            r.Model, r.Parameters.ToString(CultureInfo.InvariantCulture), r.FinalPsnr.ToString("F2", CultureInfo.InvariantCulture),
            r.FinalMse.ToString("E3", CultureInfo.InvariantCulture), r.Seconds.ToString("F1", CultureInfo.InvariantCulture), r.Description,
        }).ToList();

    public static readonly string[] ComparisonHeader = ["model", "parameters", "PSNR dB", "MSE", "seconds", "architecture"];

    private static void WriteHistory(string path, IEnumerable<FitStep> history) =>
        WriteCsv(path, ["model", "step", "mse", "psnr", "parameters", "seconds"],
            history.Select(h => new[]
            {
                h.Model, Invariant(h.Step), Invariant(h.Mse), Invariant(h.Psnr), Invariant(h.Parameters), Invariant(h.Seconds),
            }));

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>A CSV file (RFC 4180, CsvHelper's writer) of a header and text rows.</summary>
    public static void WriteCsv(string path, string[] header, IEnumerable<string[]> rows)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var row in rows.Prepend(header))
        {
            foreach (var field in row)
            {
                csv.WriteField(field);
            }
            csv.NextRecord();
        }
    }

    private static void WriteReconstruction(IRepresentationModel model, Signal signal, string folder)
    {
        using var scope = DisposeScope.Enter();
        if (signal.Kind == SignalKind.Audio)
        {
            var values = SignalFit.Reconstruct(model, signal.Coordinates, signal.Coordinates);
            WavFile.Write(Path.Combine(folder, "reconstruction.wav"), signal.ToAudio(values.Clamp(-1, 1)));
            return;
        }
        var same = SignalFit.Reconstruct(model, signal.Coordinates, signal.Coordinates);
        ImageCodec.WritePng(Path.Combine(folder, "reconstruction.png"), Signal.ToImage(same, signal.Width, signal.Height));
        var doubled = SignalFit.Reconstruct(model, signal.Coordinates,
            CoordinateGrid.Create(2 * signal.Height, 2 * signal.Width, signal.Coordinates.Device));
        ImageCodec.WritePng(Path.Combine(folder, "render-2x.png"), Signal.ToImage(doubled, 2 * signal.Width, 2 * signal.Height));
    }

    private static void WriteComparison(string folder, IReadOnlyList<FitResult> results)
    {
        WriteCsv(Path.Combine(folder, "compare.csv"),
            ["model", "parameters", "steps", "learning_rate", "mse", "psnr", "seconds", "architecture"],
            results.Select(r => new[]
            {
                r.Model, Invariant(r.Parameters), Invariant(r.Steps), Invariant(r.LearningRate), Invariant(r.FinalMse),
                Invariant(r.FinalPsnr), Invariant(r.Seconds), r.Description,
            }));
        var rows = ComparisonRows(results);
        var markdown = new List<string>
        {
            "| " + string.Join(" | ", ComparisonHeader) + " |",
            "|" + string.Concat(ComparisonHeader.Select(_ => "---|")),
        };
        markdown.AddRange(rows.Select(r => "| " + string.Join(" | ", r) + " |"));
        File.WriteAllLines(Path.Combine(folder, "compare.md"), markdown);
    }
}
