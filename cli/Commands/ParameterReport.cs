using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Commands;

/// <summary>`train --dry-run`: parameter count of every part of G (and of D), so compressions can be compared before training.</summary>
public static class ParameterReport
{
    public static void Print(QirenGenerator g, TrainingOptions options, TextWriter output)
    {
        var mapping = g.Options.Mapping;
        var kind = mapping.Kind == GeneratorOptions.DefaultMapping ? "dense" : $"{mapping.Kind}, bond {mapping.Bond}";
        output.WriteLine("parameters per part:");
        output.WriteLine($"  G.mapping   {g.Mapping.ParameterCount,12:N0}  ({mapping.Layers} layers, {kind})");
        foreach (var (name, layer) in g.Mapping.NamedModules("G.mapping."))
        {
            output.WriteLine($"    {name,-22}{layer.ParameterCount,10:N0}");
        }
        output.WriteLine($"  G.encoder   {g.Encoder.ParameterCount,12:N0}");
        var synthesis = g.ParameterCount - g.Mapping.ParameterCount - g.Encoder.ParameterCount - g.Heads.ParameterCount;
        output.WriteLine($"  G.synthesis {synthesis,12:N0}  (FMM layers and ToRGB)");
        output.WriteLine($"  G.heads     {g.Heads.ParameterCount,12:N0}  (style heads w → per-image parameters)");
        output.WriteLine($"  G total     {g.ParameterCount,12:N0}");
        using var rng = new RandomGenerator(options.Seed + 1);
        using var d = new QirenGan.Discriminator.Discriminator(options.Discriminator, rng);
        output.WriteLine($"  D total     {d.ParameterCount,12:N0}");
    }
}
