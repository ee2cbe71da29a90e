using System.Runtime.InteropServices;

namespace Vetting.Server.Pxe;

/// <summary>kill(2): dnsmasq reloads on SIGHUP and shuts down cleanly on SIGTERM; Process.Kill only sends SIGKILL.</summary>
internal static class PosixSignal
{
    public const int Hangup = 1;
    public const int Kill = 9;
    public const int Terminate = 15;

    /// <returns>False when the process no longer exists (or is not ours to signal).</returns>
    public static bool Send(int pid, int signal) => pid > 0 && NativeMethods.kill(pid, signal) == 0;

    // DllImport rather than LibraryImport: the generated stub needs AllowUnsafeBlocks for the whole
    // server project, and an int-only signature needs no marshalling anyway.
    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int kill(int pid, int sig);
    }
}
