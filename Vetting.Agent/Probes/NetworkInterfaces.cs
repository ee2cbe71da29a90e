using System.Globalization;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Probes;

/// <summary>
/// Lists the machine's physical NICs: <c>ip -j link</c> for names and MACs, sysfs for driver, carrier and
/// speed. Interfaces without a backing device (lo, bridges, ifb, veth, tun) are left out: the spec is about
/// hardware.
/// </summary>
public static class NetworkInterfaces
{
    private const string SysClassNet = "/sys/class/net";

    /// <summary>The NICs, or null with the reason when <c>ip</c> could not list them.</summary>
    public static async Task<(IReadOnlyList<NetworkInterface>? Nics, string? Problem)> ProbeAsync(IToolRunner tools, ISystemFiles files, CancellationToken cancellationToken)
    {
        var ip = await tools.RunAsync("ip", IpLinkParser.Arguments, TimeSpan.FromSeconds(15), cancellationToken);
        var links = ip.Missing ? null : IpLinkParser.Parse(ip.Stdout);
        if (links is null)
        {
            return (null, $"ip -j link: {ip.LastErrorLine()}");
        }

        return ([.. links.Where(link => link.LinkType is "ether" or null && files.Exists($"{SysClassNet}/{link.Name}/device"))
            .Select(link => Describe(link, files))], null);
    }

    private static NetworkInterface Describe(IpLink link, ISystemFiles files)
    {
        var directory = $"{SysClassNet}/{link.Name}";
        var carrier = files.ReadText($"{directory}/carrier")?.Trim();
        var linkUp = carrier switch
        {
            "1" => true,
            "0" => false,
            // Reading carrier of an administratively down interface fails with EINVAL: no link.
            _ => link.OperState is { } state ? state.Equals("UP", StringComparison.OrdinalIgnoreCase) : (bool?)null,
        };
        var speed = int.TryParse(files.ReadText($"{directory}/speed")?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var mbps) && mbps > 0
            ? mbps
            : (int?)null;
        var driver = files.ResolveLink($"{directory}/device/driver") is { } target ? Path.GetFileName(target.TrimEnd('/')) : null;
        return new NetworkInterface
        {
            Name = link.Name,
            Mac = MacAddress.TryNormalize(link.Address, out var mac) ? mac : null,
            Driver = string.IsNullOrEmpty(driver) ? null : driver,
            LinkUp = linkUp,
            SpeedMbps = linkUp == true ? speed : null,
        };
    }
}
