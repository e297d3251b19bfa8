namespace QirenGan.Cli.Tests;

/// <summary>
/// Inputs a user gets wrong: each must give one `error:` line naming the option or file and the problem, exit 2, and
/// leave nothing behind (issue 15's list of crashes).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class BadInputTests
{
    private static void AssertOneLineError(int code, string error, params string[] mentions)
    {
        Assert.True(code == 2, $"exit {code}: {error}");
        var lines = error.Trim().Split('\n');
        Assert.True(lines[0].StartsWith("error: ", StringComparison.Ordinal), error);
        Assert.DoesNotContain("   at ", error); // no stack trace
        foreach (var m in mentions)
        {
            Assert.Contains(m, lines[0]);
        }
    }

    /// <summary>A tiny train command; <paramref name="extra"/> pairs override or add options.</summary>
    private static string[] Train(string faces, string runs, params string[] extra)
    {
        var options = new Dictionary<string, string>
        {
            ["--data"] = faces, ["--outdir"] = runs, ["--resolution"] = "16", ["--kimg"] = "0.004", ["--dchannels"] = "8",
        };
        for (var i = 0; i + 1 < extra.Length; i += 2)
        {
            options[extra[i]] = extra[i + 1];
        }
        return ["train", .. options.SelectMany(kv => new[] { kv.Key, kv.Value })];
    }

    [Theory]
    [InlineData("--batch", "6", "--batch 6", "multiple of")]
    [InlineData("--kimg", "nan", "--kimg", "finite")]
    [InlineData("--kimg", "Infinity", "--kimg", "finite")]
    [InlineData("--tick", "0", "--tick", "> 0")]
    [InlineData("--lr", "0", "--lr", "> 0")]
    [InlineData("--gamma", "-1", "--gamma", "≥ 0")]
    [InlineData("--snap", "0", "--snap", "at least 1")]
    [InlineData("--style-mixing", "1.5", "--style-mixing", "[0, 1]")]
    [InlineData("--batch-gpu", "2", "--batch-gpu 2", "minibatch-std")]
    public void Train_options_that_cannot_train_are_refused_up_front_also_in_dry_run(string option, string value, string name, string problem)
    {
        using var dir = Repo.TempDir();
        foreach (var dry in new[] { true, false })
        {
            string[] args = [.. Train(dir.Path, dir.File("runs"), "--batch", "8", option, value), .. dry ? new[] { "--dry-run" } : []];
            // (the data folder has no images: a check that came after opening it would report that instead)
            var (code, _, error) = CliRunner.Run(args);
            AssertOneLineError(code, error, name, problem);
        }
        Assert.False(Directory.Exists(dir.File("runs")));
    }

    [Fact]
    public void A_parse_error_is_one_line_not_the_help_page()
    {
        var (code, output, error) = CliRunner.Run("train", "--batch", "many");
        AssertOneLineError(code, error, "many");
        Assert.Equal("", output);
    }

    [Fact]
    public void A_failed_start_leaves_no_run_directory_and_uses_up_no_number()
    {
        using var dir = Repo.TempDir();
        var runs = dir.File("runs");
        Directory.CreateDirectory(dir.File("empty"));

        // Missing data, a folder without images, a device that does not exist: nothing is created
        AssertOneLineError(CliRunner.Run(Train(dir.File("nonexistent"), runs)) is var a ? a.Code : 0, a.Error, "nonexistent");
        var b = CliRunner.Run(Train(dir.File("empty"), runs));
        AssertOneLineError(b.Code, b.Error, "empty");
        var faces = dir.File("faces");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", "4", "--resolution", "16"]));
        var c = CliRunner.Run(Train(faces, runs, "--batch", "4", "--device", "nodevice"));
        AssertOneLineError(c.Code, c.Error, "nodevice");
        Assert.Empty(Directory.Exists(runs) ? Directory.GetDirectories(runs) : []);

        // Then the first run that starts is number 00000
        var ok = CliRunner.Run(Train(faces, runs, "--batch", "4"));
        Assert.True(ok.Code == 0, ok.Error);
        Assert.StartsWith("00000-", Path.GetFileName(Assert.Single(Directory.GetDirectories(runs))));
    }

    [Fact]
    public void An_outdir_that_is_a_file_or_not_writable_is_named_in_train_and_generate()
    {
        using var dir = Repo.TempDir();
        var faces = dir.File("faces");
        Assert.Equal(0, Program.Main(["synth-faces", "--out", faces, "--count", "4", "--resolution", "16"]));
        File.WriteAllText(dir.File("afile"), "");
        var snapshot = TestSnapshot.Write(dir.File("run"));

        var (code, _, error) = CliRunner.Run(Train(faces, dir.File("afile"), "--batch", "4"));
        AssertOneLineError(code, error, "--outdir", "is a file");
        (code, _, error) = CliRunner.Run("generate", "--network", snapshot, "--seeds", "0", "--outdir", dir.File("afile"));
        AssertOneLineError(code, error, "--outdir", "is a file");
        // /proc stands in for a file system nothing can be written to (a read-only mount needs privileges to make)
        (code, _, error) = CliRunner.Run("generate", "--network", snapshot, "--seeds", "0", "--outdir", "/proc/qirengan-out");
        AssertOneLineError(code, error, "--outdir", "cannot write there");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("100000")]
    public void Generate_with_an_impossible_resolution_is_refused_before_any_folder_is_made(string resolution)
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"));
        var (code, _, error) = CliRunner.Run("generate", "--network", snapshot, "--resolution", resolution, "--outdir", dir.File("out"));
        AssertOneLineError(code, error, "--resolution", resolution);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void Fid_reports_a_wrong_input_path_before_a_missing_detector()
    {
        using var dir = Repo.TempDir();
        var (code, _, error) = CliRunner.Run("fid", "--real", dir.File("no-reals"), "--fake", dir.File("no-fakes"), "--detector", dir.File("no.pt"));
        AssertOneLineError(code, error, "no-reals");
        var snapshot = TestSnapshot.Write(dir.File("run"));
        (code, _, error) = CliRunner.Run("metrics", "--network", snapshot, "--data", dir.File("no-reals"), "--detector", dir.File("no.pt"));
        AssertOneLineError(code, error, "no-reals");
        (code, _, error) = CliRunner.Run("metrics", "--network", dir.File("no.safetensors"), "--data", dir.Path, "--detector", dir.File("no.pt"));
        AssertOneLineError(code, error, "no.safetensors");
    }

    [Fact]
    public void An_unexpected_exception_is_still_one_line_and_the_trace_is_behind_the_variable()
    {
        var e = new InvalidOperationException("something inside broke");
        var (oldError, capture) = (Console.Error, new StringWriter());
        Console.SetError(capture);
        try
        {
            Assert.Equal(1, Program.Report(e));
            Environment.SetEnvironmentVariable(Program.VerboseVariable, "1");
            Assert.Equal(2, Program.Report(new IOException("disk full")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Program.VerboseVariable, null);
            Console.SetError(oldError);
        }
        var lines = capture.ToString().Trim().Split('\n');
        Assert.StartsWith("error: internal error (InvalidOperationException): something inside broke", lines[0]);
        Assert.Equal("error: disk full", lines[1]);
        Assert.Contains("System.IO.IOException: disk full", lines[2]); // the verbose trace
    }
}
