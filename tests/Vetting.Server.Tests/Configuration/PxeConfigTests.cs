namespace Vetting.Server.Tests.Configuration;

public sealed class PxeConfigTests
{
    [Theory]
    [InlineData("10.77.0.100,10.77.0.200")]
    [InlineData("10.77.0.100,10.77.0.200,255.255.255.0")]
    [InlineData("10.77.0.100,10.77.0.200,12h")]
    [InlineData("10.77.0.100, 10.77.0.200, 255.255.255.0, infinite")]
    public void Dhcp_mode_takes_start_end_mask_and_lease(string range)
    {
        var config = ConfigTesting.Load($"pxe:\n  enabled: true\n  interface: br-vetting\n  dhcp_range: '{range}'");

        Assert.True(config.Pxe.Enabled);
        Assert.Equal("br-vetting", config.Pxe.Interface);
        Assert.Equal(range, config.Pxe.DhcpRange);
    }

    [Theory]
    [InlineData("10.77.0.100", "\"10.77.0.100\" is not start,end[,mask][,lease] as dhcp mode needs (e.g. 10.77.0.100,10.77.0.200,255.255.255.0,12h)")]
    [InlineData("10.77.0.100-10.77.0.200", "\"10.77.0.100-10.77.0.200\" is not start,end[,mask][,lease] as dhcp mode needs (e.g. 10.77.0.100,10.77.0.200,255.255.255.0,12h)")]
    [InlineData("10.77.100,10.77.0.200", "\"10.77.100,10.77.0.200\" is not start,end[,mask][,lease] as dhcp mode needs (e.g. 10.77.0.100,10.77.0.200,255.255.255.0,12h)")]
    [InlineData("10.77.0.200,10.77.0.100", "\"10.77.0.200,10.77.0.100\": the range starts after it ends")]
    [InlineData("10.77.0.100,10.77.0.200,255.0.255.0", "\"10.77.0.100,10.77.0.200,255.0.255.0\": \"255.0.255.0\" is not a netmask")]
    [InlineData("10.77.0.100,10.77.0.200,a while", "\"10.77.0.100,10.77.0.200,a while\": \"a while\" is not a lease time (e.g. 12h, 30m, infinite)")]
    public void Dhcp_mode_refuses_malformed_ranges(string range, string problem)
    {
        Assert.Equal(
            $"vetting.yaml line 3: pxe.dhcp_range: {problem}",
            ConfigTesting.Refusal($"pxe:\n  interface: br-vetting\n  dhcp_range: '{range}'"));
    }

    [Fact]
    public void Proxy_mode_takes_the_subnet()
    {
        var config = ConfigTesting.Load("pxe:\n  enabled: true\n  mode: proxy\n  interface: eth0\n  dhcp_range: 10.77.0.0");

        Assert.Equal("proxy", config.Pxe.Mode);
        Assert.Equal("10.77.0.0", config.Pxe.DhcpRange);
    }

    [Fact]
    public void Proxy_mode_refuses_a_lease_range()
    {
        Assert.Equal(
            "vetting.yaml line 3: pxe.dhcp_range: \"10.77.0.100,10.77.0.200\" is not a network address; in proxy mode give the subnet (e.g. 10.77.0.0)",
            ConfigTesting.Refusal("pxe:\n  mode: proxy\n  dhcp_range: 10.77.0.100,10.77.0.200"));
    }

    [Fact]
    public void Enabling_pxe_requires_an_interface_and_a_range_reported_at_enabled()
    {
        Assert.Equal(
            [
                "vetting.yaml line 3: pxe.interface: required when pxe.enabled is true (the interface dnsmasq binds, e.g. br-vetting)",
                "vetting.yaml line 3: pxe.dhcp_range: required when pxe.enabled is true (start,end[,mask][,lease], e.g. 10.77.0.100,10.77.0.200,255.255.255.0)",
            ],
            ConfigTesting.Refusal("pxe:\n  mode: dhcp\n  enabled: true").Split(Environment.NewLine));
    }

    [Fact]
    public void Proxy_mode_asks_for_the_subnet_when_the_range_is_missing()
    {
        Assert.Equal(
            "vetting.yaml line 1: pxe.dhcp_range: required when pxe.enabled is true (the subnet, e.g. 10.77.0.0)",
            ConfigTesting.Refusal("pxe: { enabled: true, mode: proxy, interface: br-vetting }"));
    }

    [Fact]
    public void A_bad_interface_is_reported_once_not_again_as_missing()
    {
        Assert.Equal(
            "vetting.yaml line 1: pxe.interface: \"a/b\" is not an interface name (e.g. br-vetting, eth0)",
            ConfigTesting.Refusal("pxe: { enabled: true, interface: a/b, dhcp_range: '10.77.0.10,10.77.0.20' }"));
    }

    [Fact]
    public void Disabled_pxe_needs_nothing_else()
    {
        var config = ConfigTesting.Load("pxe:\n  enabled: false\n  mode: proxy");

        Assert.False(config.Pxe.Enabled);
        Assert.Null(config.Pxe.Interface);
    }
}
