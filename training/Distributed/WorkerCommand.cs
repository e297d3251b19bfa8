using System.Reflection;

namespace QirenGan.Training.Distributed;

/// <summary>The program and arguments each worker runs; the launcher appends the rank options.</summary>
/// <param name="FileName">The executable (an app host, or the dotnet host followed by the assembly).</param>
/// <param name="Arguments">Arguments common to every worker.</param>
public sealed record WorkerCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// The command that started this process, with <paramref name="arguments"/> (which must no longer hold the
    /// option that asked for workers, or each worker would launch more). Handles both an app host
    /// (<c>./qirengan</c>) and <c>dotnet qirengan.dll</c>.
    /// </summary>
    public static WorkerCommand CurrentProcess(IEnumerable<string> arguments)
    {
        var process = Environment.ProcessPath
            ?? throw new InvalidOperationException("cannot find this process's executable to start workers from");
        var args = arguments.ToList();
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (Path.GetFileNameWithoutExtension(process) == "dotnet" && !string.IsNullOrEmpty(entry))
        {
            args.Insert(0, entry);
        }
        return new WorkerCommand(process, args);
    }

    /// <summary>
    /// <paramref name="arguments"/> without <paramref name="option"/> and its value (<c>--nproc 4</c> or
    /// <c>--nproc=4</c>), for building the workers' command line from the launcher's.
    /// </summary>
    public static IReadOnlyList<string> WithoutOption(IEnumerable<string> arguments, string option)
    {
        var result = new List<string>();
        var skipValue = false;
        foreach (var a in arguments)
        {
            if (skipValue)
            {
                skipValue = false;
                continue;
            }
            if (a == option)
            {
                skipValue = true;
                continue;
            }
            if (a.StartsWith(option + "=", StringComparison.Ordinal))
            {
                continue;
            }
            result.Add(a);
        }
        return result;
    }

    public override string ToString() => string.Join(' ', new[] { FileName }.Concat(Arguments));
}
