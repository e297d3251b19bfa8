using QirenGan.Eval.Runs;
using QirenGan.Generator.Synthesis;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Tests;

/// <summary>A small untrained snapshot (random G_ema) for the verbs that read one.</summary>
public static class TestSnapshot
{
    public const int Resolution = 16;
    public const long CurNimg = 12_000;

    /// <param name="runDir">The run folder to write the snapshot into.</param>
    /// <param name="circuit">Shared circuits (default) or circuits generated per image by the hypernet.</param>
    /// <param name="generator">Another generator to write instead (null = the small default one).</param>
    public static string Write(string runDir, CircuitMode circuit = CircuitMode.Shared, GeneratorOptions? generator = null)
    {
        Directory.CreateDirectory(runDir);
        var options = new TrainingOptions("data", "runs", Kimg: 1, Batch: 4,
            generator ?? new GeneratorOptions(Resolution, Features: 4, Hidden: [8], ZDim: 16, WDim: 16, MappingLayers: 2, Seed: 5, Circuit: circuit));
        var state = new TrainingState(CurNimg, 3, 0, 0, 0, 0, 0, "", 0);
        using var g = new QirenGenerator(options.Generator);
        var path = RunLayout.Snapshot(runDir, RunLayout.Label(CurNimg, fine: false));
        Snapshot.Write(path, options, state, [("G_ema.", g.StateDict())]);
        return path;
    }
}
