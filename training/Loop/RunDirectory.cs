using System.Text.RegularExpressions;
using QirenGan.Torch.Checkpoints;

namespace QirenGan.Training.Loop;

/// <summary>StyleGAN2-ADA's run layout: runs/NNNNN-desc/ with options.json, log.txt, stats.csv, snapshots, grids.</summary>
public static partial class RunDirectory
{
    public const string SnapshotPrefix = "network-snapshot-";

    /// <summary>Creates outDir/NNNNN-desc with the next free number.</summary>
    public static string Create(string outDir, string description)
    {
        Directory.CreateDirectory(outDir);
        var next = Directory.GetDirectories(outDir)
            .Select(d => RunNumber().Match(Path.GetFileName(d)))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value))
            .DefaultIfEmpty(-1)
            .Max() + 1;
        var path = Path.Combine(outDir, $"{next:D5}-{description}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static string SnapshotPath(string runDir, long kimg) => Path.Combine(runDir, $"{SnapshotPrefix}{kimg:D6}.safetensors");

    public static string FakesPath(string runDir, long kimg) => Path.Combine(runDir, $"fakes{kimg:D6}.png");

    /// <summary>Snapshots of a run, oldest first.</summary>
    public static IReadOnlyList<string> Snapshots(string runDir) =>
        Directory.Exists(runDir)
            ? Directory.GetFiles(runDir, SnapshotPrefix + "*.safetensors").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// The newest readable snapshot of the newest run under <paramref name="outDir"/> that has one. A snapshot
    /// whose header or length is damaged (a write killed half way cannot produce one, but a copy can) is skipped
    /// with a warning.
    /// </summary>
    public static string FindLatestSnapshot(string outDir, Action<string>? warn = null)
    {
        if (!Directory.Exists(outDir))
        {
            throw new FileNotFoundException($"{outDir}: no such folder, so no run to resume");
        }
        var runs = Directory.GetDirectories(outDir)
            .Where(d => RunNumber().IsMatch(Path.GetFileName(d)))
            .OrderByDescending(d => Path.GetFileName(d), StringComparer.Ordinal);
        foreach (var run in runs)
        {
            foreach (var snapshot in Snapshots(run).Reverse())
            {
                try
                {
                    SafeTensors.ReadMetadata(snapshot);
                    return snapshot;
                }
                catch (InvalidDataException e)
                {
                    warn?.Invoke($"skipping damaged snapshot: {e.Message}");
                }
            }
        }
        throw new FileNotFoundException($"{outDir}: no run with a readable {SnapshotPrefix}*.safetensors to resume");
    }

    [GeneratedRegex(@"^(\d{5})-")]
    private static partial Regex RunNumber();
}
