using System.CommandLine;
using System.Globalization;
using QirenGan.Eval.Detectors;
using QirenGan.Eval.Metrics;
using QirenGan.Eval.Reports;
using QirenGan.Eval.Runs;
using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;
using QirenGan.Training.Evaluation;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan metrics --network SNAPSHOT --data DIR|ZIP --metrics fid50k_full[,kid50k_full,pr50k3_full,spectrum]
/// [--num-gen N] [--detector PATH]`: StyleGAN2-ADA's metrics of a snapshot's EMA generator (ψ = 1), printed and
/// appended to metrics.csv of the snapshot's run directory. `spectrum` alone needs no detector; it also prints a
/// radial/angular summary and writes spectrum-NNNNNN.json (the report's heat map) and spectrum-NNNNNN.png beside
/// metrics.csv.
/// </summary>
public static class MetricsCommand
{
    public static Command Build()
    {
        var network = new Option<string>("--network") { Description = "A network-snapshot-*.safetensors file.", Required = true };
        var data = new Option<string>("--data") { Description = "Real images: the training folder or dataset zip.", Required = true };
        var metrics = new Option<string>("--metrics")
        {
            Description = $"Comma-separated: {string.Join(", ", MetricDefinition.All.Select(m => m.Name))}.",
            DefaultValueFactory = _ => "fid50k_full",
        };
        var numGen = new Option<int?>("--num-gen") { Description = "Generated images (default: the metric's 50,000); fewer for a quick, biased look." };
        var vgg = new Option<string?>("--vgg-detector") { Description = "StyleGAN2-ADA's vgg16.pt for pr50k3 (without it PR uses Inception features)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generated latents.", DefaultValueFactory = _ => 0 };
        var run = new Option<string?>("--run") { Description = "Run directory for metrics.csv (default: the snapshot's folder)." };
        var common = new EvalOptions();
        var command = new Command("metrics", "FID / KID / precision-recall of a snapshot against a dataset, as StyleGAN2-ADA computes them; spectral excess (no detector).");
        foreach (var o in new Option[] { network, data, metrics, numGen, vgg, seed, run })
        {
            command.Options.Add(o);
        }
        var quantum = new QuantumOptions();
        quantum.AddTo(command);
        common.AddTo(command);
        command.SetAction(result =>
        {
            IReadOnlyList<MetricDefinition> list;
            try
            {
                list = MetricDefinition.ParseList(result.GetValue(metrics)!);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message);
            }
            if (result.GetValue(numGen) is < 1)
            {
                throw new CliException($"--num-gen must be positive, got {result.GetValue(numGen)}");
            }
            var execution = quantum.Parse(result);
            // The inputs first (snapshot, data), then the detectors: a wrong path should be reported as such.
            var snapshotPath = result.GetValue(network)!;
            CheckInputs(snapshotPath, result.GetValue(data)!);
            // Only the detector metrics need the Inception file: a spectrum-only run never looks for it.
            using var detector = list.Any(m => m.NeedsDetector) ? common.LoadDetector(result) : null;
            using var vggDetector = result.GetValue(vgg) is { } vggPath && detector is not null ? LoadVgg(vggPath, detector) : null;
            var device = detector?.Device ?? common.ParseDevice(result);
            var batch = common.ParseBatch(result);
            QirenGenerator g;
            long curNimg;
            try
            {
                curNimg = Snapshot.ReadState(snapshotPath).CurNimg;
                g = Snapshot.LoadGenerator(snapshotPath, device);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                throw new CliException(e.Message);
            }
            using (g)
            {
                if (execution is not null)
                {
                    Console.Error.WriteLine(QuantumOptions.Apply(g, execution, g.Options.Resolution));
                }
                SnapshotMetrics measured;
                try
                {
                    var options = new MetricRunOptions(result.GetValue(numGen), result.GetValue(common.MaxReal), batch);
                    var runner = new MetricRunner(detector, vggDetector, common.Cache(result), options,
                        message => Console.Error.WriteLine(message),
                        EvalOptions.Progress(list.Any(m => m.NeedsDetector) ? "features" : "spectra"));
                    measured = new SnapshotEvaluator(list, runner, result.GetValue(data)!, result.GetValue(seed)).Measure(g, device);
                }
                catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException)
                {
                    throw new CliException(e.Message);
                }
                foreach (var r in measured.Results)
                {
                    Console.WriteLine($"{r.Metric} {r.Value.ToString("0.######", CultureInfo.InvariantCulture)}");
                }
                if (execution is not null)
                {
                    // metrics.csv tracks the exact model through training; shot/noise figures are printed only
                    Console.Error.WriteLine("not appended to metrics.csv (--shots/--noise/--zne measure the hardware, not the model)");
                    return 0;
                }
                var runDir = result.GetValue(run) ?? Path.GetDirectoryName(Path.GetFullPath(snapshotPath))!;
                SnapshotEvaluator.Record(runDir, snapshotPath, curNimg, measured, message => Console.Error.WriteLine(message));
            }
            return 0;
        });
        return command;
    }

    private static void CheckInputs(string snapshot, string data)
    {
        try
        {
            Snapshot.ReadState(snapshot);
            using var reals = ImageFiles.Open(data);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException)
        {
            throw new CliException(e.Message);
        }
    }

    private static TorchScriptDetector LoadVgg(string path, TorchScriptDetector inception)
    {
        try
        {
            return TorchScriptDetector.Load(Path.GetFullPath(path), inception.Device, inception.BatchSize);
        }
        catch (Exception e) when (e is FileNotFoundException or TorchException)
        {
            throw new CliException($"{e.Message} (StyleGAN2-ADA's VGG16 detector: https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/vgg16.pt)");
        }
    }
}
