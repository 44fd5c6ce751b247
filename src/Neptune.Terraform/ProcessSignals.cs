using System.Runtime.InteropServices;

namespace Neptune.Terraform;

/// <summary>
/// Sends POSIX signals. .NET's <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL, which
/// gives terraform no chance to release its state lock or finish writing state; SIGTERM does.
/// </summary>
internal static partial class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM; false when the process is already gone or the platform has no signals.</summary>
    public static bool TryTerminate(int processId)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return Kill(processId, SigTerm) == 0;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
