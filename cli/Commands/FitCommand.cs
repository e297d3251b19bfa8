using System.CommandLine;
using QirenGan.Generator.Inr;
using QirenGan.Generator.Signals;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan fit`: the QIREN paper's signal-representation task — fit one image or sound with QIREN and the
/// paper's baselines (siren, relu, tanh, rff) and print the comparison. `--preset paper` (the default) is the
/// official experiment: 32×32 grey, 8 hidden features, 2 hidden layers, S = 2, 301 steps of Adam 0.03 with the
/// cosine decay; `--preset fair` gives every baseline its own usual settings at QIREN's parameter count. Explicit
/// options override the preset.
/// </summary>
public static class FitCommand
{
    public static Command Build()
    {
        var arguments = new FitArguments();
        var command = new Command("fit",
            "Fit coordinate networks to one image or sound (QIREN's signal-representation task) and compare them; writes " +
            "MSE/PSNR per step (CSV), the reconstructions (PNG + a 2× render, or WAV) and the table (compare.csv, compare.md).");
        arguments.AddTo(command);
        command.SetAction(result =>
        {
            if (result.GetValue(arguments.TestCard) is { } cardPath)
            {
                var side = arguments.CardSide(result);
                var zonePlate = arguments.ZonePlate(result);
                Write(cardPath, () => ImageCodec.WritePng(cardPath, zonePlate ? TestCard.ZonePlate(side, side) : TestCard.Create(side, side)));
                Console.WriteLine($"wrote the {side}×{side} {(zonePlate ? "zone-plate" : "test-card")} to {cardPath}");
                return 0;
            }
            if (result.GetValue(arguments.TestTone) is { } tonePath)
            {
                Write(tonePath, () => WavFile.Write(tonePath, TestTone.Create()));
                Console.WriteLine($"wrote the 1 s test sound to {tonePath}");
                return 0;
            }
            var options = arguments.Parse(result);
            var threadCount = result.GetValue(arguments.Threads);
            if (threadCount < 0)
            {
                throw new CliException($"--threads must be 0 (the launcher's) or positive, got {threadCount}");
            }
            if (threadCount > 0)
            {
                TorchRuntime.Threads = threadCount;
            }
            IReadOnlyList<FitResult> results;
            try
            {
                results = FitRun.Run(options, Console.Out);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                throw new CliException(e.Message);
            }
            Console.WriteLine();
            BenchCommand.PrintTable(FitRun.ComparisonHeader(results), FitRun.ComparisonRows(results).Select(r => r.ToArray()));
            Console.WriteLine($"outputs in {Path.GetFullPath(options.OutputDirectory)} (table: compare.csv, compare.md)");
            return 0;
        });
        return command;
    }

    private static void Write(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }
}
