namespace QirenGan.Testing;

/// <summary>Locations in the repository and scratch folders for tests.</summary>
public static class Repo
{
    /// <summary>The repository root (the folder holding QirenGan.sln), found from the test binary's folder.</summary>
    public static string Root { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(Root, "tests", "fixtures", name);

    /// <summary>A fresh empty folder under the system temp folder; deleted when disposed.</summary>
    public static TempDir TempDir() => new();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "QirenGan.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("QirenGan.sln not found above " + AppContext.BaseDirectory);
    }
}

public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qirengan-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed may leave a file open; the folder is in /tmp and harmless.
        }
    }
}
