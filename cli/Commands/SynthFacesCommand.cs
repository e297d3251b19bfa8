using System.CommandLine;
using System.Diagnostics;
using QirenGan.Training.Data;

namespace QirenGan.Cli.Commands;

/// <summary>`qirengan synth-faces --out DIR --count N --resolution R --seed S`: the built-in procedural face dataset.</summary>
public static class SynthFacesCommand
{
    public static Command Build()
    {
        var output = new Option<string>("--out") { Description = "Folder to write faceNNNNNN.png into (created if needed).", Required = true };
        var count = new Option<int>("--count") { Description = "Number of faces.", DefaultValueFactory = _ => 1000 };
        var resolution = new Option<int>("--resolution") { Description = "Image side in pixels.", DefaultValueFactory = _ => 32 };
        var seed = new Option<int>("--seed") { Description = "Dataset seed: face i depends only on (seed, i).", DefaultValueFactory = _ => 0 };
        var command = new Command("synth-faces", "Write a procedural face dataset (PNG per face): the default data for the demo and tests.");
        foreach (var o in new Option[] { output, count, resolution, seed })
        {
            command.Options.Add(o);
        }
        command.SetAction(result =>
        {
            var n = result.GetValue(count);
            var r = result.GetValue(resolution);
            if (n < 1)
            {
                throw new CliException($"--count must be at least 1, got {n}");
            }
            if (r < SyntheticFaces.MinResolution || r > SyntheticFaces.MaxResolution)
            {
                throw new CliException($"--resolution {r} is outside [{SyntheticFaces.MinResolution}, {SyntheticFaces.MaxResolution}]");
            }
            var folder = result.GetValue(output)!;
            var sw = Stopwatch.StartNew();
            SyntheticFaces.WriteFolder(folder, n, r, result.GetValue(seed));
            Console.WriteLine($"wrote {n} faces of {r}×{r} to {Path.GetFullPath(folder)} in {sw.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }
}
