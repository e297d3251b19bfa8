namespace QirenGan.Cli.Tests;

/// <summary>How the verbs are built: thin binders over the libraries.</summary>
public sealed class VerbStructureTests
{
    [Fact]
    public void No_verb_runs_another_verb_through_the_command_line()
    {
        // Program.Main parses argv; a verb that called it would read its inputs back through strings and exit codes.
        var cli = Path.Combine(Repo.Root, "cli");
        var callers = Directory.GetFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && Path.GetFileName(f) != "Program.cs")
            .Where(f => File.ReadAllText(f).Contains("Program.Main(", StringComparison.Ordinal))
            .Select(Path.GetFileName);
        Assert.Empty(callers);
    }
}
