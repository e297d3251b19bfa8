using System.CommandLine;
using System.CommandLine.Parsing;

namespace QirenGan.Cli;

/// <summary>Checks that hold for every verb, applied once after parsing rather than repeated in each command.</summary>
public static class OptionChecks
{
    /// <summary>
    /// NaN and ±∞ parse as doubles ("nan", "∞") but mean nothing as a length, rate or weight, and crash later
    /// (JSON cannot write them): reject them for every floating-point option of the invoked verb.
    /// </summary>
    public static void RejectNonFinite(ParseResult parsed)
    {
        foreach (var option in parsed.CommandResult.Children.OfType<OptionResult>())
        {
            if (option.Implicit)
            {
                continue;
            }
            var value = option.Option switch
            {
                Option<double> o => parsed.GetValue(o),
                Option<double?> o => parsed.GetValue(o),
                Option<float> o => parsed.GetValue(o),
                _ => (double?)null,
            };
            if (value is { } v && !double.IsFinite(v))
            {
                throw new CliException($"{option.Option.Name} must be a finite number, got {v}");
            }
        }
    }

    /// <summary>Creates <paramref name="path"/> as an output folder, or explains why it cannot be one.</summary>
    public static string OutputFolder(string path, string option)
    {
        if (File.Exists(path))
        {
            throw new CliException($"{option} {path}: is a file, not a folder");
        }
        try
        {
            Directory.CreateDirectory(path);
            // Creating an existing folder succeeds on a read-only file system; writing into it does not.
            var probe = Path.Combine(path, $".qirengan-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option} {path}: cannot write there ({e.Message.TrimEnd('.')})");
        }
        return path;
    }

    /// <summary>Largest render side accepted: one 4096×4096 image already holds 16.8 M coordinates.</summary>
    public const int MaxRenderResolution = 4096;

    /// <summary>A render resolution (the generator is continuous, so any side from 1 pixel works; 0 or less does not).</summary>
    public static int RenderResolution(int resolution)
    {
        if (resolution < 1 || resolution > MaxRenderResolution)
        {
            throw new CliException($"--resolution must be between 1 and {MaxRenderResolution} pixels, got {resolution}");
        }
        return resolution;
    }

    /// <summary>
    /// The generator of snapshot <paramref name="network"/> on device <paramref name="device"/> ("cpu", "cuda:N"): what
    /// every rendering verb loads first; a missing or damaged file or an unknown device is an input error.
    /// </summary>
    public static (Torch.Device Device, Generator.Synthesis.QirenGenerator Generator) LoadGenerator(string network, string device)
    {
        try
        {
            var dev = Torch.Device.Parse(device);
            return (dev, Training.Loop.Snapshot.LoadGenerator(network, dev));
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or ArgumentException)
        {
            throw new CliException(e.Message);
        }
    }
}
