using System.CommandLine;
using QirenGan.Training.Data;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan dataset --source DIR|ZIP --dest out.zip --resolution R [--strict]`: prepares a StyleGAN2-ADA-style
/// dataset zip once (center crop, LANCZOS resize), so training does not resize every epoch.
/// </summary>
public static class DatasetCommand
{
    public static Command Build()
    {
        var source = new Option<string>("--source") { Description = "Folder of images (searched recursively) or a zip of images.", Required = true };
        var dest = new Option<string>("--dest") { Description = "The dataset zip to write (replaced if it exists).", Required = true };
        var resolution = new Option<int>("--resolution") { Description = "Side of the square images: a power of two.", Required = true };
        var strict = new Option<bool>("--strict") { Description = "Fail on a corrupt image instead of skipping it." };
        var command = new Command("dataset", "Write a StyleGAN2-ADA-style dataset zip (00000/img00000000.png…, dataset.json) at one resolution.");
        foreach (var o in new Option[] { source, dest, resolution, strict })
        {
            command.Options.Add(o);
        }
        command.SetAction(result =>
        {
            var r = result.GetValue(resolution);
            var from = result.GetValue(source)!;
            var to = result.GetValue(dest)!;
            DatasetZipReport report;
            try
            {
                ImageDataset.CheckResolution(r);
                var line = ProgressLine.StandardError();
                report = DatasetZip.Write(from, to, r, result.GetValue(strict),
                    progress: (done, total) => line.Report(done, total, ProgressLine.Images("dataset", done, total)));
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or IOException)
            {
                throw new CliException(e.Message);
            }
            Console.WriteLine($"wrote {report.Written} images of {r}×{r} to {Path.GetFullPath(to)}" +
                $" (skipped {report.Skipped} unreadable, center-cropped {report.Cropped} non-square, enlarged {report.Upscaled} small)");
            return 0;
        });
        return command;
    }
}
