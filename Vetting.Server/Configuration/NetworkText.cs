using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Vetting.Activities.Yaml;

namespace Vetting.Server.Configuration;

/// <summary>Checks for the network-shaped values; each returns the problem to report, or null when the text is fine.</summary>
internal static partial class NetworkText
{
    /// <summary><c>host:port</c> as Kestrel takes it after <c>http://</c>: an IPv4 address, a name, <c>*</c> or a bracketed IPv6 address.</summary>
    public static string? HostPortProblem(string text)
    {
        const string Expected = "is not host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8080, [::]:8080)";
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return StrictYaml.Quote(text) + " " + Expected;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return $"{StrictYaml.Quote(text)} {Expected}: the port must be 1-65535";
        }

        var hostIsValid = host.StartsWith('[')
            ? host.EndsWith(']') && IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
            : host == "*" || IsIPv4(host) || (!host.All(c => char.IsAsciiDigit(c) || c == '.') && Uri.CheckHostName(host) == UriHostNameType.Dns);
        return hostIsValid ? null : $"{StrictYaml.Quote(text)} {Expected}: {StrictYaml.Quote(host)} is not a host";
    }

    /// <summary>An entry of the Host-header allowlist: ASP.NET compares host names only, so a scheme or port never matches.</summary>
    public static string? AllowedHostProblem(string text) =>
        text.Contains("://", StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal)
        || (!text.StartsWith('[') && text.Contains(':', StringComparison.Ordinal))
            ? $"{StrictYaml.Quote(text)} is not a host name; leave out the scheme and port (e.g. vetting.lan)"
            : null;

    /// <summary>An IP address or a CIDR network (<c>127.0.0.1</c>, <c>10.77.0.0/24</c>, <c>::1</c>).</summary>
    public static string? ProxyProblem(string text) =>
        System.Net.IPAddress.TryParse(text, out _) || System.Net.IPNetwork.TryParse(text, out _)
            ? null
            : $"{StrictYaml.Quote(text)} is not an IP address or a CIDR network (e.g. 127.0.0.1 or 10.77.0.0/24)";

    /// <summary>A Linux interface name (at most 15 characters, no spaces or slashes).</summary>
    public static string? InterfaceProblem(string text) =>
        text.Length > 15 || text.Any(c => char.IsWhiteSpace(c) || c == '/')
            ? $"{StrictYaml.Quote(text)} is not an interface name (e.g. br-vetting, eth0)"
            : null;

    /// <summary>dnsmasq's <c>start,end[,mask][,lease]</c> for handing out leases.</summary>
    public static string? DhcpRangeProblem(string text)
    {
        var expected = $"{StrictYaml.Quote(text)} is not start,end[,mask][,lease] as dhcp mode needs (e.g. 10.77.0.100,10.77.0.200,255.255.255.0,12h)";
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 4 || !TryParseIPv4(parts[0], out var start) || !TryParseIPv4(parts[1], out var end))
        {
            return expected;
        }

        if (start > end)
        {
            return $"{StrictYaml.Quote(text)}: the range starts after it ends";
        }

        // The third part is a mask when it looks like an address, otherwise a lease time; dnsmasq reads it the same way.
        var rest = parts.Skip(2).ToList();
        if (rest.Count > 0 && TryParseIPv4(rest[0], out var mask))
        {
            if (!IsNetmask(mask))
            {
                return $"{StrictYaml.Quote(text)}: {StrictYaml.Quote(rest[0])} is not a netmask";
            }

            rest.RemoveAt(0);
        }

        return rest.Count switch
        {
            0 => null,
            1 when LeaseTime().IsMatch(rest[0]) => null,
            1 => $"{StrictYaml.Quote(text)}: {StrictYaml.Quote(rest[0])} is not a lease time (e.g. 12h, 30m, infinite)",
            _ => expected,
        };
    }

    /// <summary>In proxy mode dnsmasq leaves leases to the existing DHCP server and only needs the subnet it serves.</summary>
    public static string? ProxyRangeProblem(string text) =>
        IsIPv4(text) ? null : $"{StrictYaml.Quote(text)} is not a network address; in proxy mode give the subnet (e.g. 10.77.0.0)";

    private static bool IsIPv4(string text) => TryParseIPv4(text, out _);

    // IPAddress.TryParse also takes "10" and "10.77" (inet_aton shorthand), which in a config file is always a typo.
    private static bool TryParseIPv4(string text, out uint value)
    {
        value = 0;
        if (text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        return true;
    }

    private static bool IsNetmask(uint mask)
    {
        var hostBits = ~mask;
        return mask != 0 && (hostBits & (hostBits + 1)) == 0;
    }

    [GeneratedRegex(@"^(\d+[mhdw]?|infinite)$", RegexOptions.CultureInvariant)]
    private static partial Regex LeaseTime();
}
