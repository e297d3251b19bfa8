using System.CommandLine;
using System.Globalization;
using QirenGan.Eval.Detectors;
using QirenGan.Eval.Metrics;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan fid --real DIR|ZIP --fake DIR|ZIP [--detector PATH] [--batch N] [--max-real N] [--run DIR]`: FID
/// between two sets of images with StyleGAN2-ADA's Inception detector. Real statistics are cached.
/// </summary>
public static class FidCommand
{
    public static Command Build()
    {
        var real = new Option<string>("--real") { Description = "Real images: a folder (searched recursively) or a dataset zip.", Required = true };
        var fake = new Option<string>("--fake") { Description = "Generated images: a folder or a zip.", Required = true };
        var numFake = new Option<long?>("--max-fake") { Description = "Use at most this many generated images (default: all)." };
        var run = new Option<string?>("--run") { Description = "Run directory whose metrics.csv gets the result (none: only printed)." };
        var kimg = new Option<double?>("--kimg") { Description = "The kimg to record in metrics.csv with --run (default: empty)." };
        var common = new EvalOptions();
        var command = new Command("fid", "Fréchet Inception distance between two folders or zips of images (StyleGAN2-ADA's detector and protocol).");
        foreach (var o in new Option[] { real, fake, numFake, run, kimg })
        {
            command.Options.Add(o);
        }
        common.AddTo(command);
        command.SetAction(result =>
        {
            double fid;
            try
            {
                // The inputs first: a wrong path is the likelier mistake, and it should not be reported as a missing detector.
                using var reals = ImageFiles.Open(result.GetValue(real)!);
                using var fakes = ImageFiles.Open(result.GetValue(fake)!);
                using var detector = common.LoadDetector(result);
                var maxFake = result.GetValue(numFake);
                var options = new MetricRunOptions(NumGen: maxFake is { } m ? (int)Math.Min(m, int.MaxValue) : null,
                    MaxReal: result.GetValue(common.MaxReal), BatchSize: result.GetValue(common.Batch));
                var progress = EvalOptions.Progress("features");
                var runner = new MetricRunner(detector, null, common.Cache(result), options,
                    message => Console.Error.WriteLine(message), progress);
                fid = runner.FidOfDatasets(reals, fakes);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or KeyNotFoundException)
            {
                throw new CliException(e.Message);
            }
            // Identical statistics give ±1e-12 from rounding; print that as 0, not "-0" (metrics.csv keeps the raw value).
            var shown = Math.Abs(fid) < 5e-7 ? 0 : fid;
            Console.WriteLine($"fid {shown.ToString("0.######", CultureInfo.InvariantCulture)}");
            if (result.GetValue(run) is { } dir)
            {
                MetricsCsv.Append(dir, result.GetValue(kimg), [new MetricResult("fid", fid)]);
                Console.Error.WriteLine($"appended to {Path.Combine(Path.GetFullPath(dir), MetricsCsv.FileName)}");
            }
            return 0;
        });
        return command;
    }
}
