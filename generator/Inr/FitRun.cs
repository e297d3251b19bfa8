using System.Globalization;
using CsvHelper;
using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Signals;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Generator.Inr;

/// <summary>
/// Loads the signal, fits each model of the preset, and writes per model a CSV of MSE/PSNR/parameters per logged
/// step and the reconstruction (PNG, plus a render at 2× resolution, for images; WAV for audio), and the comparison
/// table as compare.csv and compare.md (images: also compare.png, target | model | …). Single model: files go to the output folder; several: one sub-folder each.
/// </summary>
public static class FitRun
{
    /// <summary>The default steps of both presets: the official trainer's epochs.</summary>
    public static FitOptions DefaultFit { get; } = new(FitPresets.OfficialSteps, LogEvery: 50);

    private const int StripHeight = 128;

    public static IReadOnlyList<FitResult> Run(FitRunOptions options, TextWriter log)
    {
        options.Validate();
        Directory.CreateDirectory(options.OutputDirectory);
        using var signal = Load(options, log);
        var qirenOptions = options.Qiren ?? QirenOptions.Official;
        var recipes = FitPresets.Recipes(options.Preset, signal.InputFeatures, signal.OutputFeatures, signal.Kind, qirenOptions,
            options.Budget, options.Seed);
        var chosen = options.Models is null ? recipes : options.Models.Select(m => recipes.FirstOrDefault(r => r.Kind == m)
            ?? throw new ArgumentException($"unknown model '{m}' (expected one of {string.Join(", ", recipes.Select(r => r.Kind))})")).ToList();
        var fit = options.Fit ?? DefaultFit;
        var results = new List<FitResult>();
        foreach (var recipe in chosen)
        {
            var kind = recipe.Kind;
            var folder = chosen.Count == 1 ? options.OutputDirectory : Path.Combine(options.OutputDirectory, kind);
            Directory.CreateDirectory(folder);
            using var model = recipe.Build();
            if (model is QirenNetwork qiren)
            {
                qiren.Strategy = options.Strategy;
            }
            var modelFit = fit with
            {
                LearningRate = fit.LearningRate ?? recipe.LearningRate,
                Schedule = options.Schedule ?? recipe.Schedule,
            };
            log.WriteLine($"{kind}: {model.Description}; {model.ParameterCount} parameters; Adam {modelFit.LearningRate} ({modelFit.Schedule})");
            var result = SignalFit.Fit(model, signal, modelFit,
                step => log.WriteLine($"  {kind} step {step.Step,5}  mse {step.Mse:E3}  psnr {step.Psnr:F2} dB  {step.Seconds:F1} s"));
            log.WriteLine($"  {kind} final (eval) psnr {result.FinalPsnr:F2} dB, {result.Seconds:F1} s");
            if (options.Execution is { } execution && model is QirenNetwork fitted)
            {
                result = result with { Measured = Measure(fitted, signal, execution, folder) };
                log.WriteLine($"  {kind} measured ({result.Measured.Execution}): psnr {result.Measured.Psnr:F2} dB against {result.FinalPsnr:F2} dB exact" +
                    (execution.DescribeShotBudget(signal.Coordinates.Size(0), "points", fitted.Layers.Count) is { } budget ? $"; shot budget {budget}" : ""));
            }
            WriteHistory(Path.Combine(folder, "history.csv"), result.History);
            WriteReconstruction(model, signal, folder);
            results.Add(result);
        }
        WriteComparison(options.OutputDirectory, results);
        if (signal.Kind == SignalKind.Image)
        {
            // target | each model, 4× (or less for large images) for the README's figures
            var tiles = new List<RgbImage> { ImageCodec.Decode(Path.Combine(options.OutputDirectory, "target.png")) };
            tiles.AddRange(chosen.Select(r => ImageCodec.Decode(Path.Combine(
                chosen.Count == 1 ? options.OutputDirectory : Path.Combine(options.OutputDirectory, r.Kind), "reconstruction.png"))));
            var scale = Math.Max(1, StripHeight / signal.Height);
            ImageCodec.WritePng(Path.Combine(options.OutputDirectory, "compare.png"), ComparisonStrip.Compose(tiles, scale));
        }
        return results;
    }

    /// <summary>
    /// The fitted QIREN's reconstruction measured as <paramref name="execution"/> says (setting it starts a fresh shot
    /// stream from its seed, so every model and run draws the same samples), written beside the exact one as
    /// reconstruction-measured.png/.wav.
    /// </summary>
    public static QuantumFitResult Measure(QirenNetwork model, Signal signal, QuantumExecution execution, string folder)
    {
        execution.Validate();
        using var scope = DisposeScope.Enter();
        var values = SignalFit.Reconstruct(model, signal.Coordinates, signal.Coordinates, execution);
        var mse = values.MseLoss(signal.Values).ToDouble();
        if (signal.Kind == SignalKind.Audio)
        {
            WavFile.Write(Path.Combine(folder, "reconstruction-measured.wav"), signal.ToAudio(values.Clamp(-1, 1)));
        }
        else
        {
            ImageCodec.WritePng(Path.Combine(folder, "reconstruction-measured.png"), Signal.ToImage(values, signal.Width, signal.Height));
        }
        return new QuantumFitResult(execution.Describe(), mse, SignalFit.Psnr(mse), execution.ShotBudget(signal.Coordinates.Size(0), model.Layers.Count));
    }

    /// <summary>The signal named by the options: audio, an image or the built-in test card, grey unless RGB is asked.</summary>
    public static Signal Load(FitRunOptions options, TextWriter log)
    {
        if (options.AudioPath is not null)
        {
            var audio = WavFile.Read(options.AudioPath);
            log.WriteLine($"audio {options.AudioPath}: {audio.Frames} frames × {audio.Channels} channels at {audio.SampleRate} Hz");
            var (start, end) = audio.Frames >= FitPresets.OfficialAudioEnd
                ? (FitPresets.OfficialAudioStart, FitPresets.OfficialAudioEnd)
                : (0, Math.Min(audio.Frames, FitPresets.OfficialAudioEnd - FitPresets.OfficialAudioStart));
            if (start == 0)
            {
                log.WriteLine($"  shorter than the official window [{FitPresets.OfficialAudioStart}, {FitPresets.OfficialAudioEnd}): using frames [0, {end}) instead");
            }
            var signal = Signal.FromAudioWindow(audio, start, end, FitPresets.OfficialAudioStride);
            log.WriteLine($"  fitting frames [{start}, {end}) every {FitPresets.OfficialAudioStride}th of channel 0, scaled to peak 1: {signal.Width} samples");
            return signal;
        }
        RgbImage image;
        if (options.Image is not null)
        {
            image = options.Image;
            log.WriteLine($"image {options.ImageName ?? "(given)"}: {image.Width}×{image.Height}{(options.Rgb ? "" : " grey")}");
        }
        else
        {
            image = options.ZonePlate
                ? TestCard.ZonePlate(options.TestCardSize, options.TestCardSize)
                : TestCard.Create(options.TestCardSize, options.TestCardSize);
            log.WriteLine($"built-in {(options.ZonePlate ? "zone plate" : "test card")} {image.Width}×{image.Height}{(options.Rgb ? "" : " grey")}");
        }
        var loaded = Signal.FromImage(image, grey: !options.Rgb, grid: SignalGrid.Linspace);
        using (var scope = DisposeScope.Enter())
        {
            ImageCodec.WritePng(Path.Combine(options.OutputDirectory, "target.png"), Signal.ToImage(loaded.Values, image.Width, image.Height));
        }
        return loaded;
    }

    /// <summary>
    /// The comparison as rows of text: model, parameters, learning rate, PSNR, MSE, seconds, description; plus the
    /// measured PSNR after the exact one when any result has one (— for classical models).
    /// </summary>
    public static IReadOnlyList<string[]> ComparisonRows(IReadOnlyList<FitResult> results) =>
        results.Select(r =>
        {
            var row = new List<string>
            {
                r.Model, r.Parameters.ToString(CultureInfo.InvariantCulture),
                $"{r.LearningRate.ToString(CultureInfo.InvariantCulture)} {r.Schedule.ToString().ToLowerInvariant()}",
                r.FinalPsnr.ToString("F2", CultureInfo.InvariantCulture),
            };
            if (results.Any(x => x.Measured is not null))
            {
                row.Add(r.Measured?.Psnr.ToString("F2", CultureInfo.InvariantCulture) ?? "—");
            }
            row.AddRange([r.FinalMse.ToString("E3", CultureInfo.InvariantCulture), r.Seconds.ToString("F1", CultureInfo.InvariantCulture), r.Description]);
            return row.ToArray();
        }).ToList();

    /// <summary>The header of <see cref="ComparisonRows"/> for these results.</summary>
    public static string[] ComparisonHeader(IReadOnlyList<FitResult> results) =>
        results.FirstOrDefault(r => r.Measured is not null) is { Measured: { } measured }
            ? ["model", "parameters", "Adam lr", "PSNR dB", $"PSNR dB ({measured.Execution})", "MSE", "seconds", "architecture"]
            : ["model", "parameters", "Adam lr", "PSNR dB", "MSE", "seconds", "architecture"];

    private static void WriteHistory(string path, IEnumerable<FitStep> history) =>
        WriteCsv(path, ["model", "step", "mse", "psnr", "parameters", "seconds", "learning_rate"],
            history.Select(h => new[]
            {
                h.Model, Invariant(h.Step), Invariant(h.Mse), Invariant(h.Psnr), Invariant(h.Parameters), Invariant(h.Seconds),
                Invariant(h.LearningRate),
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
            signal.CoordinatesAt(2 * signal.Height, 2 * signal.Width));
        ImageCodec.WritePng(Path.Combine(folder, "render-2x.png"), Signal.ToImage(doubled, 2 * signal.Width, 2 * signal.Height));
    }

    private static void WriteComparison(string folder, IReadOnlyList<FitResult> results)
    {
        var measured = results.Any(r => r.Measured is not null);
        string[] header = ["model", "parameters", "steps", "learning_rate", "schedule", "mse", "psnr", "seconds", "architecture"];
        WriteCsv(Path.Combine(folder, "compare.csv"),
            measured ? [.. header, "measured_execution", "measured_mse", "measured_psnr", "shot_budget"] : header,
            results.Select(r =>
            {
                string[] row =
                [
                    r.Model, Invariant(r.Parameters), Invariant(r.Steps), Invariant(r.LearningRate), r.Schedule.ToString().ToLowerInvariant(), Invariant(r.FinalMse),
                    Invariant(r.FinalPsnr), Invariant(r.Seconds), r.Description,
                ];
                return !measured ? row
                    : r.Measured is { } m ? [.. row, m.Execution, Invariant(m.Mse), Invariant(m.Psnr), Invariant(m.ShotBudget)]
                    : [.. row, "", "", "", ""];
            }));
        var rows = ComparisonRows(results);
        var columns = ComparisonHeader(results);
        var markdown = new List<string>
        {
            "| " + string.Join(" | ", columns) + " |",
            "|" + string.Concat(columns.Select(_ => "---|")),
        };
        markdown.AddRange(rows.Select(r => "| " + string.Join(" | ", r) + " |"));
        File.WriteAllLines(Path.Combine(folder, "compare.md"), markdown);
    }
}
