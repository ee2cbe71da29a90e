using Vetting.Server.Startup;

namespace Vetting.Server.Tests.Hosting;

public sealed class MallocArenasTests
{
    /// <summary>
    /// On glibc (this VM, Debian's LXC) the cap is set through mallopt; an operator's MALLOC_ARENA_MAX, read by glibc
    /// itself, is left to decide.
    /// </summary>
    [Fact]
    public void The_arena_cap_is_set_on_glibc_unless_the_environment_sets_one()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 };

        Assert.Equal(OperatingSystem.IsLinux() && !fromEnvironment, MallocArenas.Limit());
    }
}
