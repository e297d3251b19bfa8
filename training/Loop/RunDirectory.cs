using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using QirenGan.Eval.Reports;
using QirenGan.Eval.Runs;
using QirenGan.Torch.Checkpoints;

namespace QirenGan.Training.Loop;

/// <summary>
/// Run directories on disk: runs/NNNNN-desc/ numbering, the newest snapshot to resume, and the clean-up a resume needs.
/// What the files in one are called is <see cref="RunLayout"/>'s.
/// </summary>
public static partial class RunDirectory
{
    /// <summary>Creates outDir/NNNNN-desc with the next free number.</summary>
    public static string Create(string outDir, string description)
    {
        var path = NextPath(outDir, description);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// outDir/NNNNN-desc with the next free number, not created: a run makes it only once it can start, so a failed
    /// start leaves nothing behind and does not use up a number.
    /// </summary>
    public static string NextPath(string outDir, string description)
    {
        var next = (Directory.Exists(outDir) ? Directory.GetDirectories(outDir) : [])
            .Select(d => RunNumber().Match(Path.GetFileName(d)))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(-1)
            .Max() + 1;
        return Path.Combine(outDir, $"{next:D5}-{description}");
    }

    /// <summary>
    /// Removes the temporaries of snapshot writes (.NAME.PID.tmp) whose process is gone: a killed write leaves one
    /// behind (up to the size of a snapshot). A temporary of a live process is left alone.
    /// </summary>
    public static int RemoveStaleTemporaries(string runDir, Action<string>? log = null)
    {
        if (!Directory.Exists(runDir))
        {
            return 0;
        }
        var removed = 0;
        foreach (var file in Directory.GetFiles(runDir, ".*.tmp"))
        {
            var m = TemporaryName().Match(Path.GetFileName(file));
            if (!m.Success || !int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var pid) ||
                (pid != Environment.ProcessId && IsAlive(pid)))
            {
                continue;
            }
            try
            {
                File.Delete(file);
                ++removed;
                log?.Invoke($"removed {Path.GetFileName(file)}, left by a write of process {pid} that did not finish");
            }
            catch (IOException)
            {
                // Another process may have removed it first; nothing to do.
            }
        }
        return removed;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Resuming from a snapshot taken at <paramref name="tick"/>: rows a killed run wrote after it (stats.csv ticks
    /// beyond it, metrics.csv rows of later kimg) are dropped, since the resumed run writes them again.
    /// </summary>
    public static void TruncateHistory(string runDir, long tick, long nimg)
    {
        KeepRows(RunLayout.Stats(runDir), RunLayout.TickColumn, t => t <= tick);
        KeepRows(RunLayout.Metrics(runDir), RunLayout.KimgColumn, k => k <= nimg / 1000.0 + 1e-9);
    }

    private static void KeepRows(string path, string column, Func<double, bool> keep)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var table = CsvTable.Read(path);
        var index = table.IndexOf(column);
        if (index < 0)
        {
            return;
        }
        var rows = table.Rows.Where(r => table.Number(r, index) is not { } v || keep(v)).ToList();
        if (rows.Count == table.Rows.Count)
        {
            return;
        }
        CsvTable.Rewrite(path, table.Headers, rows);
    }

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
            foreach (var snapshot in RunLayout.Snapshots(run).Reverse())
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
        throw new FileNotFoundException($"{outDir}: no run with a readable {RunLayout.SnapshotPrefix}*{RunLayout.SnapshotExtension} to resume");
    }

    [GeneratedRegex(@"^(\d{5})-")]
    private static partial Regex RunNumber();

    [GeneratedRegex(@"^\..+\.(\d+)\.tmp$")]
    private static partial Regex TemporaryName();
}
