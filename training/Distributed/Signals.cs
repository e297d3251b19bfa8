using System.Runtime.InteropServices;

namespace QirenGan.Training.Distributed;

/// <summary>
/// POSIX kill(2) for the one signal .NET cannot send: <see cref="System.Diagnostics.Process.Kill()"/> only sends
/// SIGKILL, and a worker asked to stop first gets SIGTERM so that it can flush its logs (torchrun's order too).
/// </summary>
internal static class Signals
{
    private const int SigTerm = 15;
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends SIGTERM to <paramref name="pid"/>; false when it has already gone.</summary>
    public static bool Terminate(int pid)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            // No SIGTERM on Windows: the caller's SIGKILL after the grace period does the work alone.
            return false;
        }
        if (Kill(pid, SigTerm) == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno != NoSuchProcess
            ? throw new System.ComponentModel.Win32Exception(errno, $"kill({pid}, SIGTERM) failed")
            : false;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
