using Microsoft.Extensions.Options;
using Vetting.Server.Configuration;
using Vetting.Server.Pxe;

namespace Vetting.Server.Tests.Pxe;

public sealed class PxeAllowListTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly PxeAllowList _list;
    private int _changes;

    public PxeAllowListTests()
    {
        _list = new PxeAllowList(Options.Create(new PathOptions { DataDir = _temp.Path }));
        _list.Changed += (_, _) => _changes++;
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_hosts_file_lists_boot_MACs_plainly_and_lease_only_MACs_behind_a_not_PXE_filter()
    {
        _list.Update(["52-54-00-00-00-02", "525400000001", "52:54:00:00:00:01"], ["52:54:00:AA:00:03"]);

        var entries = File.ReadAllLines(_list.HostsFile).Where(line => !line.StartsWith('#'));
        Assert.Equal(["52:54:00:00:00:01", "52:54:00:00:00:02", "52:54:00:aa:00:03,tag:!pxe,tag:!ipxe"], entries);
        Assert.Equal(_temp.Combine("dnsmasq", "allowed-hosts"), _list.HostsFile);
    }

    [Fact]
    public void A_MAC_in_both_tiers_may_boot()
    {
        _list.Update(["52:54:00:00:00:01"], ["52-54-00-00-00-01", "52:54:00:00:00:02"]);

        Assert.Equal(["52:54:00:00:00:01"], _list.BootMacs);
        Assert.Equal(["52:54:00:00:00:02"], _list.LeaseOnlyMacs);
    }

    [Fact]
    public void Changed_is_raised_only_when_the_sets_change()
    {
        _list.Update(["52:54:00:00:00:01"]);
        _list.Update(["52-54-00-00-00-01"]);
        _list.Update(["52:54:00:00:00:01"], ["52:54:00:00:00:02"]);
        _list.Update([]);

        Assert.Equal(3, _changes);
        Assert.All(File.ReadAllLines(_list.HostsFile), line => Assert.StartsWith("#", line, StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_MAC_leaves_the_file_and_the_sets_alone()
    {
        _list.Update(["52:54:00:00:00:01"]);
        var before = File.ReadAllText(_list.HostsFile);

        Assert.Throws<FormatException>(() => _list.Update(["52:54:00:00:00:02", "bogus"]));

        Assert.Equal(before, File.ReadAllText(_list.HostsFile));
        Assert.Equal(["52:54:00:00:00:01"], _list.BootMacs);
        Assert.Equal(1, _changes);
    }

    [Fact]
    public void The_file_is_replaced_whole_and_readable_by_dnsmasqs_unprivileged_user()
    {
        _list.WriteFile();
        _list.Update(["52:54:00:00:00:01"]);

        Assert.Equal(["allowed-hosts"], Directory.GetFiles(Path.GetDirectoryName(_list.HostsFile)!).Select(Path.GetFileName));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(_list.HostsFile).HasFlag(UnixFileMode.OtherRead));
    }
}
