using System.CommandLine;
using QirenGan.Cli.Commands;

namespace QirenGan.Cli;

/// <summary>The `qirengan` command: thin verbs over the libraries (StyleGAN2-ADA's train.py / generate.py style).</summary>
public static class Program
{
    /// <summary>Set to 1 to get the stack trace of an error (for bug reports) after its one-line message.</summary>
    public const string VerboseVariable = "QIRENGAN_VERBOSE";

    /// <summary>Exit status of an error the user can fix (bad option, file, data); 1 is left to internal errors.</summary>
    public const int UsageError = 2;

    public static int Main(string[] args)
    {
        var root = new RootCommand("QirenGan: GANs whose generator is a quantum implicit neural representation (QIREN).");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // System.CommandLine would print the whole help after them; the errors themselves say what is wrong.
                foreach (var error in parsed.Errors)
                {
                    Console.Error.WriteLine($"error: {error.Message}");
                }
                var verb = parsed.CommandResult.Command == root ? "" : " " + parsed.CommandResult.Command.Name;
                Console.Error.WriteLine($"(qirengan{verb} --help lists the options)");
                return UsageError;
            }
            OptionChecks.RejectNonFinite(parsed);
            // Without this, System.CommandLine's own handler catches exceptions (exit 1, stack trace).
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return Report(e);
        }
    }

    /// <summary>
    /// Every failure reaches the user as one `error:` line. Errors from input (options, files, data, the file system)
    /// exit with <see cref="UsageError"/>; anything else is a bug, says so and exits 1. The stack trace is printed only
    /// with QIRENGAN_VERBOSE=1.
    /// </summary>
    public static int Report(Exception e)
    {
        var user = IsUserError(e);
        var message = e is CliException ? e.Message : UserMessage(e);
        Console.Error.WriteLine(user
            ? $"error: {message}"
            : $"error: internal error ({e.GetType().Name}): {message} — please report it with the output of {VerboseVariable}=1");
        if (Environment.GetEnvironmentVariable(VerboseVariable) is "1" or "true")
        {
            Console.Error.WriteLine(e.ToString());
        }
        return user ? UsageError : 1;
    }

    private static bool IsUserError(Exception e) => e is CliException or IOException or UnauthorizedAccessException
        or InvalidDataException or ArgumentException or FormatException or OverflowException or NotSupportedException
        or QirenGan.Torch.TorchException or OperationCanceledException or OutOfMemoryException
        or QirenGan.Eval.Detectors.DetectorNotFoundException;

    /// <summary>.NET's file-system messages lack the cause a user needs for a read-only disk or a path that is a file.</summary>
    private static string UserMessage(Exception e) => e switch
    {
        UnauthorizedAccessException => $"{e.Message} (no permission, or a read-only file system)",
        IOException io when io.HResult == 30 || io.Message.Contains("Read-only file system", StringComparison.Ordinal) =>
            $"{e.Message} (read-only file system)",
        _ => e.Message,
    };

    /// <summary>Every verb, one file each under Commands/.</summary>
    public static IEnumerable<Command> Commands() =>
    [
        InfoCommand.Build(),
        DatasetCommand.Build(),
        SynthFacesCommand.Build(),
        TrainCommand.Build(),
        GenerateCommand.Build(),
        FidCommand.Build(),
        LayoutCommand.Build(),
        MetricsCommand.Build(),
        InterpolateCommand.Build(),
        ProjectCommand.Build(),
        InspectCommand.Build(),
        ExportCircuitCommand.Build(),
        ReportCommand.Build(),
        BenchCommand.Build(),
        FitCommand.Build(),
        ClassifyCommand.Build(),
    ];
}
