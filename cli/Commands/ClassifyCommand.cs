using System.CommandLine;
using QirenGan.Training.Classification;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan classify`: the MERA paper's comparison at small scale — a face-attribute classifier whose hidden fully
/// connected layers are dense, tensor-train or MERA; prints accuracy against parameters and writes it as CSV.
/// </summary>
public static class ClassifyCommand
{
    public static Command Build()
    {
        var train = new Option<int>("--train") { Description = "Training faces (16×16 grey, label: hair style, 5 classes).", DefaultValueFactory = _ => 4000 };
        var test = new Option<int>("--test") { Description = "Held-out faces.", DefaultValueFactory = _ => 1000 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training faces, for every configuration.", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch") { Description = "Minibatch size.", DefaultValueFactory = _ => 64 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate (the same for every configuration).", DefaultValueFactory = _ => 0.002 };
        var ranks = new Option<string>("--tt-ranks") { Description = "TT ranks to try, comma separated (empty = none).", DefaultValueFactory = _ => "1,2,4,8" };
        var bonds = new Option<string>("--mera-bonds") { Description = "MERA bond dimensions χ to try, comma separated (empty = none).", DefaultValueFactory = _ => "1,2,4,8" };
        var seed = new Option<int>("--seed") { Description = "Seed of the faces, the weights and the minibatch order.", DefaultValueFactory = _ => 0 };
        var csv = new Option<string>("--csv") { Description = "Where to write the table as CSV.", DefaultValueFactory = _ => "classify.csv" };
        var command = new Command("classify", "Dense vs tensor-train vs MERA hidden layers on a face-attribute task: accuracy against parameters (table + CSV).");
        foreach (var o in new Option[] { train, test, epochs, batch, lr, ranks, bonds, seed, csv })
        {
            command.Options.Add(o);
        }
        command.SetAction(result =>
        {
            var settings = new ClassificationSettings(result.GetValue(train), result.GetValue(test), result.GetValue(epochs),
                result.GetValue(batch), result.GetValue(lr), ParseList(result.GetValue(ranks)!, "--tt-ranks"),
                ParseList(result.GetValue(bonds)!, "--mera-bonds"), result.GetValue(seed));
            IReadOnlyList<ClassificationResult> results;
            try
            {
                results = CompressionExperiment.Run(settings, r =>
                    Console.WriteLine($"{r.Kind} {(r.Bond == 0 ? "" : $"bond {r.Bond} ")}: {r.HiddenParameters:N0} hidden parameters, " +
                                      $"test accuracy {r.TestAccuracy * 100:F1}% ({r.Seconds:F1} s)"));
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message);
            }
            Console.WriteLine();
            Console.Write(CompressionExperiment.ToTable(results));
            var path = result.GetValue(csv)!;
            File.WriteAllText(path, CompressionExperiment.ToCsv(results));
            Console.WriteLine($"wrote {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }

    private static int[] ParseList(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Select(p => int.TryParse(p, out var v) && v >= 1
            ? v
            : throw new CliException($"{option}: expected positive integers separated by commas, got '{text}'")).ToArray();
    }
}
