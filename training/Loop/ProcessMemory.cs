namespace QirenGan.Training.Loop;

/// <summary>Memory of this process from /proc (Linux), in MiB; 0 where unavailable.</summary>
public static class ProcessMemory
{
    /// <summary>VmHWM of /proc/self/status: the peak resident set since the process started.</summary>
    public static double PeakResidentMiB() => ReadKib("/proc/self/status", "VmHWM:") / 1024;

    /// <summary>MemTotal of /proc/meminfo: the machine's memory.</summary>
    public static double MachineMiB() => ReadKib("/proc/meminfo", "MemTotal:") / 1024;

    /// <summary>The kB value on the line of <paramref name="file"/> starting with <paramref name="key"/>.</summary>
    private static double ReadKib(string file, string key)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
