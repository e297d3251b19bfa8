using QirenGan.Eval.Runs;

namespace QirenGan.Eval.Tests.Runs;

public sealed class RunLayoutTests
{
    [Theory]
    [InlineData(0L, false, "000000")]
    [InlineData(56L, false, "000000")]
    [InlineData(56L, true, "000000.056")]
    [InlineData(12_345L, false, "000012")]
    [InlineData(12_345L, true, "000012.345")]
    [InlineData(1_234_567L, false, "001234")]
    public void Labels_are_whole_kimg_floored_or_with_the_images_past_it(long nimg, bool fine, string expected) =>
        Assert.Equal(expected, RunLayout.Label(nimg, fine));

    [Fact]
    public void Every_file_of_a_snapshot_carries_its_label_and_the_label_reads_back()
    {
        // Given one label, plain and finer
        foreach (var label in new[] { "000012", "000000.640" })
        {
            // Then the snapshot, its fakes grid and its spectrum files all give that label back
            string[] files =
            [
                RunLayout.Snapshot("run", label), RunLayout.Fakes("run", label),
                RunLayout.SpectrumJson("run", label), RunLayout.SpectrumPng("run", label),
            ];
            Assert.All(files, f => Assert.Equal(label, RunLayout.LabelOf(f)));
        }
        Assert.Equal(Path.Combine("run", "network-snapshot-000012.safetensors"), RunLayout.Snapshot("run", "000012"));
        Assert.Equal(Path.Combine("run", "fakes000000.640.png"), RunLayout.Fakes("run", "000000.640"));
        Assert.Equal(Path.Combine("run", "spectrum-000000.640.json"), RunLayout.SpectrumJson("run", "000000.640"));
        Assert.Null(RunLayout.LabelOf("reals.png"));
        Assert.Null(RunLayout.LabelOf("my-copy.safetensors"));
        Assert.Equal(0.64, RunLayout.Kimg("000000.640"), 12);
        Assert.Equal(12.0, RunLayout.Kimg("000012"), 12);
    }

    [Fact]
    public void What_is_measured_from_a_snapshot_takes_the_snapshot_label_not_one_recomputed_from_its_image_count()
    {
        // Given the snapshot `train --kimg 0.05 --tick 1 --snap 1 --batch 8` writes: 56 images under the plain name
        var snapshot = RunLayout.Snapshot("run", RunLayout.Label(56, fine: false));

        // Then its spectrum's label is 000000 (the old metrics rule gave 000000.056 beside network-snapshot-000000)
        Assert.Equal("000000", RunLayout.LabelFor(snapshot, 56));
        // and a renamed snapshot falls back to its image count, finer when that is not a whole kimg
        Assert.Equal("000000.056", RunLayout.LabelFor("best.safetensors", 56));
        Assert.Equal("000002", RunLayout.LabelFor("best.safetensors", 2_000));
    }

    [Fact]
    public void A_new_snapshot_takes_the_plain_label_unless_snapshots_are_close_or_the_plain_file_holds_another_count()
    {
        using var dir = Repo.TempDir();
        long? Stored(string path) => long.Parse(File.ReadAllText(path), System.Globalization.CultureInfo.InvariantCulture);

        // Given no snapshot yet: plain, unless snapshots come less than 1 kimg apart
        Assert.Equal("000004", RunLayout.NewSnapshotLabel(dir.Path, 4_032, closerThanKimg: false, Stored));
        Assert.Equal("000004.032", RunLayout.NewSnapshotLabel(dir.Path, 4_032, closerThanKimg: true, Stored));

        // Given network-snapshot-000004 holding 4,032 images: the same count keeps the name, another one goes finer
        File.WriteAllText(RunLayout.Snapshot(dir.Path, "000004"), "4032");
        Assert.Equal("000004", RunLayout.NewSnapshotLabel(dir.Path, 4_032, closerThanKimg: false, Stored));
        Assert.Equal("000004.500", RunLayout.NewSnapshotLabel(dir.Path, 4_500, closerThanKimg: false, Stored));
    }

    [Fact]
    public void Fakes_and_spectra_order_like_snapshots()
    {
        // Given grids and spectra written out of order, plain and finer
        using var dir = Repo.TempDir();
        foreach (var label in new[] { "000008", "000000.320", "000000", "000004" })
        {
            File.WriteAllText(RunLayout.Fakes(dir.Path, label), "");
            File.WriteAllText(RunLayout.SpectrumJson(dir.Path, label), "");
        }
        File.WriteAllText(Path.Combine(dir.Path, "spectrum-notes.json"), "");

        // Then both list by kimg, the plain name first within a kimg; names of other files are left out
        string[] expected = ["000000", "000000.320", "000004", "000008"];
        Assert.Equal(expected, RunLayout.FakesGrids(dir.Path).Select(f => RunLayout.LabelOf(f)));
        Assert.Equal(expected, RunLayout.Spectra(dir.Path).Select(f => RunLayout.LabelOf(f)));
    }

    [Fact]
    public void Stats_columns_are_found_under_the_names_older_versions_wrote()
    {
        string[] headers = ["Tick", "Kimg", "LossG", "peak_memory_mib", "loss_d"];
        Assert.Equal(1, RunLayout.StatsColumn(headers, "kimg"));
        Assert.Equal(2, RunLayout.StatsColumn(headers, "loss_g"));
        Assert.Equal(3, RunLayout.StatsColumn(headers, "peak_mem_mib"));
        Assert.Equal(4, RunLayout.StatsColumn(headers, "loss_d"));
        Assert.Equal(-1, RunLayout.StatsColumn(headers, "r1"));
    }
}
