using System.Globalization;

namespace Vetting.Server.Tests.Security;

/// <summary>
/// scripts/test.sh runs the smoke and bad-input classes a second time with DOTNET_GCHeapHardLimit as a 512 MB LXC
/// sets it; this checks that the limit is really in force in that run (and holds trivially in the normal one).
/// </summary>
public sealed class HeapLimitTests
{
    [Fact]
    public void The_heap_limit_the_environment_sets_is_the_one_in_force()
    {
        var setting = Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit");
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (setting is null)
        {
            Assert.True(available > 0);
            return;
        }

        var limit = long.Parse(setting.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? setting[2..] : setting, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.True(available <= limit, $"the GC offers {available} bytes, more than DOTNET_GCHeapHardLimit={setting}");
    }
}
