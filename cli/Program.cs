using System.CommandLine;
using QirenGan.Cli.Commands;

namespace QirenGan.Cli;

/// <summary>The `qirengan` command: thin verbs over the libraries (StyleGAN2-ADA's train.py / generate.py style).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("QirenGan: GANs whose generator is a quantum implicit neural representation (QIREN).");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }
        try
        {
            // Without this, System.CommandLine's own handler catches CliException (exit 1, stack trace).
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is CliException or FileNotFoundException or DirectoryNotFoundException
                                       or InvalidDataException or UnauthorizedAccessException)
        {
            // Bad input: the message names the file and the problem; a stack trace would add nothing.
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    /// <summary>Every verb, one file each under Commands/.</summary>
    public static IEnumerable<Command> Commands() =>
    [
        InfoCommand.Build(),
        DatasetCommand.Build(),
        SynthFacesCommand.Build(),
        TrainCommand.Build(),
        GenerateCommand.Build(),
        FidCommand.Build(),
        MetricsCommand.Build(),
        InterpolateCommand.Build(),
        ReportCommand.Build(),
        BenchCommand.Build(),
        FitCommand.Build(),
        ClassifyCommand.Build(),
    ];
}
