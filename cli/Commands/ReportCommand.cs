using System.CommandLine;
using QirenGan.Eval.Reports;

namespace QirenGan.Cli.Commands;

/// <summary>`qirengan report --run DIR [--link-images]`: (re)writes a run directory's report.html.</summary>
public static class ReportCommand
{
    public static Command Build()
    {
        var run = new Option<string>("--run") { Description = "The run directory (runs/NNNNN-desc).", Required = true };
        var link = new Option<bool>("--link-images") { Description = "Link the PNGs next to the report instead of embedding them (smaller file; keep them together)." };
        var command = new Command("report", "Write report.html for a run: metric and loss curves, latest samples, options; opens from disk, no network.");
        command.Options.Add(run);
        command.Options.Add(link);
        command.SetAction(result =>
        {
            string path;
            try
            {
                path = RunReport.Write(result.GetValue(run)!, embedImages: !result.GetValue(link));
            }
            catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException)
            {
                throw new CliException(e.Message);
            }
            Console.WriteLine($"wrote {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }
}
