namespace QirenGan.Cli.Bench;

/// <summary>Resident memory of this process from /proc/self/status (Linux), in MiB; 0 where unavailable.</summary>
public static class ProcessMemory
{
    /// <summary>VmHWM: the peak resident set since the process started.</summary>
    public static double PeakResidentMiB() => Read("VmHWM:");

    /// <summary>VmRSS: the resident set now.</summary>
    public static double ResidentMiB() => Read("VmRSS:");

    private static double Read(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
