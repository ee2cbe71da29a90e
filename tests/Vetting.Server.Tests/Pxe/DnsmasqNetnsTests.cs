using System.Runtime.Versioning;
using Microsoft.Extensions.Options;
using Vetting.Server.Configuration;
using Vetting.Server.Pxe;

namespace Vetting.Server.Tests.Pxe;

/// <summary>The real dnsmasq, configured and supervised by Vetting, answering DHCP inside throw-away namespaces.</summary>
[SupportedOSPlatform("linux")]
public sealed class DnsmasqNetnsTests
{
    private const string Waiting = "52:54:00:77:00:01";
    private const string Stranger = "52:54:00:77:00:02";
    private const string BootUrl = "http://10.77.0.1:8080/pxe/boot.ipxe?mac=${netX/mac}";

    [Fact]
    public async Task Only_MACs_on_the_allow_list_get_boot_options_and_changes_apply_without_a_restart()
    {
        var missing = NetnsLab.MissingPrerequisite();
        Assert.SkipWhen(missing is not null, $"Skipped: {missing}");
        using var temp = new TempDirectory();
        await using var lab = await NetnsLab.CreateAsync();
        var wrapper = temp.Combine("dnsmasq-in-netns");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec {lab.IpPath} netns exec {lab.ServerNamespace} /usr/sbin/dnsmasq \"$@\"\n",
            TestContext.Current.CancellationToken);
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var paths = new PathOptions { DataDir = temp.Combine("data") };
        var allowList = new PxeAllowList(Options.Create(paths));
        var logger = new CapturingLogger<DnsmasqSupervisor>();
        using var supervisor = new DnsmasqSupervisor(
            Options.Create(new PxeOptions
            {
                Enabled = true,
                Interface = lab.ServerInterface,
                DhcpRange = "10.77.0.100,10.77.0.200,255.255.255.0",
                DnsmasqPath = wrapper,
            }),
            Options.Create(new ServerOptions { PublicUrl = "http://10.77.0.1:8080" }),
            Options.Create(paths),
            allowList,
            logger,
            TimeProvider.System);
        allowList.Update([Waiting]);
        await supervisor.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            Assert.True(await Eventually.HoldsAsync(() => supervisor.State.Status == DnsmasqStatus.Running, TimeSpan.FromSeconds(10)),
                $"{supervisor.State}\n{string.Join('\n', logger.Lines)}");

            // A node waiting for boot: iPXE gets the script URL, the PXE ROM before it gets iPXE.
            Assert.Equal(BootUrl, NetnsLab.BootFileName(await LeaseAsync(lab, Waiting, DhcpClientKind.Ipxe, logger)));
            Assert.Equal("undionly.kpxe", NetnsLab.BootFileName(await LeaseAsync(lab, Waiting, DhcpClientKind.PxeRom, logger)));

            // Anyone else gets no answer at all.
            Assert.Null(await lab.RequestLeaseAsync(Stranger, DhcpClientKind.PxeRom));
            Assert.Contains(logger.Lines, line => line.Contains($"DHCPDISCOVER({lab.ServerInterface}) {Stranger} ignored", StringComparison.Ordinal));

            // The run moves on, another one waits: dnsmasq re-reads the list on SIGHUP, still the same process.
            var pid = supervisor.State.Pid;
            allowList.Update([Stranger], leaseOnlyMacs: [Waiting]);
            Assert.True(await Eventually.HoldsAsync(
                () => logger.Lines.Count(line => line.EndsWith($"read {allowList.HostsFile}", StringComparison.Ordinal)) >= 2,
                TimeSpan.FromSeconds(5)));
            Assert.Equal(BootUrl, NetnsLab.BootFileName(await LeaseAsync(lab, Stranger, DhcpClientKind.Ipxe, logger)));

            // The booted node's live image still gets an address, but a PXE reboot of it gets nothing.
            Assert.Null(NetnsLab.BootFileName(await LeaseAsync(lab, Waiting, DhcpClientKind.Plain, logger)));
            Assert.Null(await lab.RequestLeaseAsync(Waiting, DhcpClientKind.PxeRom));
            Assert.Equal(new DnsmasqState(DnsmasqStatus.Running, pid), supervisor.State);
        }
        finally
        {
            await supervisor.StopAsync(CancellationToken.None);
        }

        Assert.Equal(DnsmasqStatus.Stopped, supervisor.State.Status);
    }

    private static async Task<string> LeaseAsync(NetnsLab lab, string mac, DhcpClientKind kind, CapturingLogger<DnsmasqSupervisor> logger) =>
        await lab.RequestLeaseAsync(mac, kind) ?? throw new Xunit.Sdk.XunitException(
            $"{mac} as {kind} got no lease. dnsmasq said:\n{string.Join('\n', logger.Lines.TakeLast(40))}");
}
