using System.Globalization;
using System.Text.RegularExpressions;

namespace QirenGan.Eval.Runs;

/// <summary>
/// The one owner of a run directory's grammar (StyleGAN2-ADA's layout): every file name, the label that says when a
/// snapshot was taken and how the files of one snapshot share it, their order, and the stats.csv column names. The
/// training loop writes by it, the report and the metrics read by it, --resume searches by it.
/// <code>
/// runs/NNNNN-desc/  options.json  log.txt  stats.csv  metrics.csv  reals.png  report.html
///                   network-snapshot-LABEL.safetensors  fakesLABEL.png  spectrum-LABEL.json  spectrum-LABEL.png
/// </code>
/// LABEL is StyleGAN2-ADA's whole kimg, KKKKKK (floored), or the finer KKKKKK.NNN that also carries the images past it
/// (used when snapshots come less than 1 kimg apart, or when the whole-kimg name already holds another image count).
/// The files of one snapshot carry the snapshot's own label, whichever it is.
/// </summary>
public static partial class RunLayout
{
    public const string OptionsFile = "options.json";
    public const string LogFile = "log.txt";
    public const string StatsFile = "stats.csv";
    public const string MetricsFile = "metrics.csv";
    public const string RealsFile = "reals.png";
    public const string ReportFile = "report.html";

    public const string SnapshotPrefix = "network-snapshot-";
    public const string SnapshotExtension = ".safetensors";
    public const string FakesPrefix = "fakes";
    public const string SpectrumPrefix = "spectrum-";

    /// <summary>stats.csv's columns every run has, in their order (the encoder's and any new statistics follow).</summary>
    public static readonly string[] StatsColumns =
        [TickColumn, KimgColumn, "time", "sec_per_kimg", "images_per_s", "loss_g", "loss_d", "r1", "gamma", "lr", "score_fake", "score_real", "peak_mem_mib"];

    /// <summary>
    /// The stats.csv column of a statistic named as StyleGAN2-ADA's training_stats names them (Loss/D/r1): the
    /// columns runs have always had keep their names (loss_g, loss_d, r1, score_fake, score_real, gamma, lr); any
    /// other name becomes lower case with '/' as '_' (Loss/D/pl → loss_d_pl).
    /// </summary>
    public static string StatsColumnFor(string statistic) =>
        LegacyColumns.TryGetValue(statistic, out var column) ? column : statistic.Replace('/', '_').ToLowerInvariant();

    private static readonly Dictionary<string, string> LegacyColumns = new()
    {
        ["Loss/G/loss"] = "loss_g",
        ["Loss/D/loss"] = "loss_d",
        ["Loss/D/r1"] = "r1",
        ["Loss/scores/fake"] = "score_fake",
        ["Loss/scores/real"] = "score_real",
        ["Options/gamma"] = "gamma",
        ["Options/lr"] = "lr",
    };

    public const string TickColumn = "tick";
    public const string KimgColumn = "kimg";

    /// <summary>
    /// The column of <paramref name="headers"/> that holds stats.csv's <paramref name="column"/>: the name itself, or
    /// the same name spelt as older versions wrote it (PascalCase, peak_memory_mib for peak_mem_mib); −1 when absent.
    /// </summary>
    public static int StatsColumn(IReadOnlyList<string> headers, string column)
    {
        static string Normal(string h) => h.Replace("_", "").Replace(" ", "").ToLowerInvariant();
        var exact = headers.ToList().IndexOf(column);
        if (exact >= 0)
        {
            return exact;
        }
        string[] names = column == "peak_mem_mib" ? [Normal(column), "peakmemorymib"] : [Normal(column)];
        for (var i = 0; i < headers.Count; ++i)
        {
            if (names.Contains(Normal(headers[i])))
            {
                return i;
            }
        }
        return -1;
    }

    public static string Options(string runDir) => Path.Combine(runDir, OptionsFile);

    public static string Log(string runDir) => Path.Combine(runDir, LogFile);

    public static string Stats(string runDir) => Path.Combine(runDir, StatsFile);

    public static string Metrics(string runDir) => Path.Combine(runDir, MetricsFile);

    public static string Reals(string runDir) => Path.Combine(runDir, RealsFile);

    public static string Report(string runDir) => Path.Combine(runDir, ReportFile);

    /// <summary>
    /// The label of a snapshot at <paramref name="nimg"/> images: KKKKKK (whole kimg, floored), or with
    /// <paramref name="fine"/> KKKKKK.NNN (the images past the whole kimg too).
    /// </summary>
    public static string Label(long nimg, bool fine) =>
        fine
            ? string.Create(CultureInfo.InvariantCulture, $"{nimg / 1000:D6}.{nimg % 1000:D3}")
            : string.Create(CultureInfo.InvariantCulture, $"{nimg / 1000:D6}");

    public static string Snapshot(string runDir, string label) => Path.Combine(runDir, $"{SnapshotPrefix}{label}{SnapshotExtension}");

    public static string Fakes(string runDir, string label) => Path.Combine(runDir, $"{FakesPrefix}{label}.png");

    public static string SpectrumJson(string runDir, string label) => Path.Combine(runDir, $"{SpectrumPrefix}{label}.json");

    public static string SpectrumPng(string runDir, string label) => Path.Combine(runDir, $"{SpectrumPrefix}{label}.png");

    /// <summary>
    /// The label a snapshot file carries (network-snapshot-LABEL.safetensors, fakesLABEL.png, spectrum-LABEL.json or
    /// .png), or null when <paramref name="path"/> is not named by this layout.
    /// </summary>
    public static string? LabelOf(string path)
    {
        var m = LabelledName().Match(Path.GetFileName(path));
        return m.Success ? m.Groups["label"].Value : null;
    }

    /// <summary>
    /// The label the files measured from a snapshot take: the snapshot's own when it is named by this layout, else
    /// (a renamed file) the label of its image count, finer when the count is not a whole kimg.
    /// </summary>
    public static string LabelFor(string snapshotPath, long nimg) => LabelOf(snapshotPath) ?? Label(nimg, fine: nimg % 1000 != 0);

    /// <summary>The training progress a label names, in kimg (KKKKKK.NNN = KKKKKK + NNN/1000).</summary>
    public static double Kimg(string label)
    {
        var (kimg, past) = Key(label);
        return kimg + Math.Max(0, past) / 1000.0;
    }

    /// <summary>
    /// Order of labels: by whole kimg, the plain name before finer names of the same kimg (a finer name is only used
    /// when a plain one would overwrite an earlier image count), then by the finer images.
    /// </summary>
    private static (long Kimg, int Past) Key(string label)
    {
        var m = LabelPattern().Match(label);
        if (!m.Success)
        {
            return (long.MaxValue, int.MaxValue);
        }
        var kimg = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return (kimg, m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : -1);
    }

    /// <summary>
    /// The label for a new snapshot at <paramref name="nimg"/>: the whole-kimg one, unless snapshots come less than
    /// 1 kimg apart (<paramref name="closerThanKimg"/>) or that name already holds a different image count (the last
    /// snapshot of a run, a resume from an earlier one): then the finer label, so no snapshot overwrites another.
    /// </summary>
    /// <param name="runDir">The run directory.</param>
    /// <param name="nimg">Images shown at the snapshot.</param>
    /// <param name="closerThanKimg">Snapshots come less than 1 kimg apart.</param>
    /// <param name="storedImageCount">The image count a snapshot file holds (null = unreadable).</param>
    public static string NewSnapshotLabel(string runDir, long nimg, bool closerThanKimg, Func<string, long?> storedImageCount)
    {
        if (!closerThanKimg)
        {
            var plain = Label(nimg, fine: false);
            var path = Snapshot(runDir, plain);
            if (!File.Exists(path) || storedImageCount(path) == nimg)
            {
                return plain;
            }
        }
        return Label(nimg, fine: true);
    }

    /// <summary>Snapshots of a run, oldest first (label order; names this layout does not make last, by name).</summary>
    public static IReadOnlyList<string> Snapshots(string runDir) => Labelled(runDir, SnapshotPrefix + "*" + SnapshotExtension);

    /// <summary>The sample grids fakesLABEL.png of a run, oldest first.</summary>
    public static IReadOnlyList<string> FakesGrids(string runDir) => Labelled(runDir, FakesPrefix + "*.png");

    /// <summary>The spectrum-LABEL.json files of a run, oldest first.</summary>
    public static IReadOnlyList<string> Spectra(string runDir) => Labelled(runDir, SpectrumPrefix + "*.json");

    private static List<string> Labelled(string runDir, string pattern) =>
        Directory.Exists(runDir)
            ? Directory.GetFiles(runDir, pattern)
                .Select(p => (Path: p, Label: LabelOf(p)))
                .Where(p => p.Label is not null || p.Path.EndsWith(SnapshotExtension, StringComparison.Ordinal))
                .OrderBy(p => p.Label is { } l ? Key(l) : (long.MaxValue, int.MaxValue))
                .ThenBy(p => p.Path, StringComparer.Ordinal)
                .Select(p => p.Path)
                .ToList()
            : [];

    [GeneratedRegex(@"^(\d+)(?:\.(\d{3}))?$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^(?:network-snapshot-(?<label>\d+(?:\.\d{3})?)\.safetensors|fakes(?<label>\d+(?:\.\d{3})?)\.png|spectrum-(?<label>\d+(?:\.\d{3})?)\.(?:json|png))$")]
    private static partial Regex LabelledName();
}
