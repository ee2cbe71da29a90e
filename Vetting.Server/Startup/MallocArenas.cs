using System.Runtime.InteropServices;

namespace Vetting.Server.Startup;

/// <summary>
/// Caps glibc's malloc arenas at two. glibc gives threads that malloc at the same time arenas of their own, up to eight
/// per core, and each keeps what it freed; SQLite's page caches and statements are native allocations made on whichever
/// pool thread runs a query, so under load the server's native memory spread over many arenas. With the cap alone the
/// 200-run load peaked at 302 MB against 321–333 MB without it, at the same speed (docs/performance.md, one run each).
/// <c>MALLOC_ARENA_MAX</c> in the environment, when set, wins.
/// </summary>
internal static class MallocArenas
{
    private const int ArenaMaxParameter = -8; // M_ARENA_MAX in malloc.h
    private const int Arenas = 2;

    /// <returns>True when the cap was set here (false: MALLOC_ARENA_MAX decides, or not glibc).</returns>
    public static bool Limit()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 })
        {
            return false;
        }

        try
        {
            return NativeMethods.mallopt(ArenaMaxParameter, Arenas) == 1; // mallopt answers 1 on success
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no arenas to cap): nothing to do.
            return false;
        }
    }

    // DllImport as in PosixSignal: an int-only signature needs no marshalling.
    private static class NativeMethods
    {
        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int mallopt(int param, int value);
    }
}
