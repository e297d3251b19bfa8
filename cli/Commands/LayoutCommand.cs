using System.CommandLine;
using System.Globalization;
using QirenGan.Eval.Metrics;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan layout --real DIR|ZIP --fake DIR|ZIP [--max-real N] [--max-fake N]`: the `layout` metric
/// (<see cref="LayoutDiversity"/>) between two sets of images, no detector — e.g. a folder written by `generate`
/// against the training set, or two disjoint sets of real images for the metric's noise floor.
/// </summary>
public static class LayoutCommand
{
    public static Command Build()
    {
        var real = new Option<string>("--real") { Description = "Reference images: a folder (searched recursively) or a dataset zip.", Required = true };
        var fake = new Option<string>("--fake") { Description = "Images to compare: a folder or a zip.", Required = true };
        var maxReal = new Option<long?>("--max-real") { Description = "Use at most this many reference images (default: all)." };
        var maxFake = new Option<long?>("--max-fake") { Description = "Use at most this many images to compare (default: all)." };
        var command = new Command("layout", "Layout diversity: mean pairwise edge-map correlation of --fake over that of --real (≈ 1 = as varied as the reals; no detector).");
        foreach (var o in new Option[] { real, fake, maxReal, maxFake })
        {
            command.Options.Add(o);
        }
        command.SetAction(result =>
        {
            LayoutDiversity layout;
            try
            {
                using var reals = ImageFiles.Open(result.GetValue(real)!);
                using var fakes = ImageFiles.Open(result.GetValue(fake)!);
                var realCorrelation = LayoutDiversity.ForDataset(reals, maxItems: result.GetValue(maxReal));
                var fakeCorrelation = LayoutDiversity.ForDataset(fakes, maxItems: result.GetValue(maxFake));
                layout = LayoutDiversity.Compare(fakeCorrelation, realCorrelation);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException
                                          or ArgumentException or InvalidOperationException)
            {
                throw new CliException(e.Message);
            }
            Console.Error.WriteLine(layout.Summary());
            foreach (var row in layout.Results())
            {
                Console.WriteLine($"{row.Metric} {row.Value.ToString("0.######", CultureInfo.InvariantCulture)}");
            }
            return 0;
        });
        return command;
    }
}
