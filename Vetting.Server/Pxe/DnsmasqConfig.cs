using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Vetting.Server.Configuration;

namespace Vetting.Server.Pxe;

/// <summary>
/// Renders the supervised dnsmasq's config file.
/// <para>
/// Safety: dnsmasq answers only MACs listed in the allow-list hosts file (<c>dhcp-ignore=tag:!known</c>);
/// see <see cref="PxeAllowList"/> for how the file keeps boot options to runs that wait for boot. Per-host
/// <c>set:</c> tags are deliberately not used: dnsmasq 2.90 crashes on SIGHUP after serving such a host.
/// </para>
/// </summary>
public static partial class DnsmasqConfig
{
    // The BOOTP "file" field is 128 bytes including the terminating NUL.
    private const int MaxBootFileLength = 127;

    /// <summary>The first URL iPXE fetches. <c>${netX/mac}</c> is expanded by iPXE (dnsmasq passes it through):
    /// netX is the NIC iPXE is booting from, which net0 is not on a multi-NIC machine.</summary>
    public static string BootScriptUrl(string publicUrl) => $"{publicUrl.TrimEnd('/')}/pxe/boot.ipxe?mac=${{netX/mac}}";

    /// <summary>Every problem with the settings, each naming its YAML key; empty when dnsmasq can be configured.</summary>
    public static IReadOnlyList<string> Validate(PxeOptions pxe, string publicUrl)
    {
        var errors = new List<string>();
        if (pxe.Interface is null || !InterfaceName().IsMatch(pxe.Interface))
        {
            errors.Add($"pxe.interface '{pxe.Interface}' must name a network interface (letters, digits, . _ -; at most 15).");
        }

        var range = pxe.DhcpRange ?? "";
        switch (pxe.Mode)
        {
            case "dhcp" when !IsDhcpRange(range):
                errors.Add($"pxe.dhcp_range '{range}' must be 'start,end[,netmask][,lease time]' with IPv4 addresses in dhcp mode.");
                break;
            case "proxy" when !IsProxyNetwork(range):
                errors.Add($"pxe.dhcp_range '{range}' must be the LAN's IPv4 network address (e.g. 192.168.1.0) in proxy mode.");
                break;
            case not ("dhcp" or "proxy"):
                errors.Add($"pxe.mode '{pxe.Mode}' must be 'dhcp' or 'proxy'.");
                break;
        }

        if (!FileName().IsMatch(pxe.UefiLoader))
        {
            errors.Add($"pxe.uefi_loader '{pxe.UefiLoader}' must be a file name in pxe.tftp_dir, e.g. ipxe.efi or snponly.efi.");
        }

        if (pxe.RaPrefix is { } prefix && (!IPAddress.TryParse(prefix, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6))
        {
            errors.Add($"pxe.ra_prefix '{prefix}' must be an IPv6 prefix such as fd77::.");
        }

        if (!IsConfigValue(pxe.TftpDir))
        {
            errors.Add($"pxe.tftp_dir '{pxe.TftpDir}' must be a path without spaces, commas, quotes or #.");
        }

        if (IpxeScripts.ValidatePublicUrl(publicUrl) is { } urlError)
        {
            errors.Add(urlError);
        }
        else if (!IsReachableFromOtherHosts(new Uri(publicUrl)))
        {
            errors.Add($"server.public_url '{publicUrl}' names this host only; set it to an address the nodes can reach, e.g. http://10.77.0.1:8080.");
        }
        else if (BootScriptUrl(publicUrl).Length > MaxBootFileLength)
        {
            errors.Add($"server.public_url '{publicUrl}' is too long: the iPXE script URL must fit the {MaxBootFileLength}-byte DHCP boot file field.");
        }

        return errors;
    }

    /// <exception cref="InvalidOperationException">The settings fail <see cref="Validate"/>.</exception>
    public static string Render(PxeOptions pxe, string publicUrl, DnsmasqPaths paths)
    {
        var errors = Validate(pxe, publicUrl).ToList();
        if (!IsConfigValue(paths.Directory))
        {
            errors.Add($"paths.data_dir: '{paths.Directory}' must not contain spaces, commas, quotes or # (dnsmasq reads it).");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        var proxy = pxe.Mode == "proxy";
        var config = new StringBuilder()
            .AppendLine("# Written by Vetting each time it starts dnsmasq; edit vetting.yaml (pxe.*) instead.")
            .AppendLine("port=0")
            .AppendLine($"interface={pxe.Interface}")
            .AppendLine("bind-interfaces")
            .AppendLine("log-dhcp")
            .AppendLine("pid-file=")
            .AppendLine($"dhcp-leasefile={paths.LeaseFile}")
            .AppendLine($"dhcp-hostsfile={paths.HostsFile}")
            .AppendLine("enable-tftp")
            .AppendLine($"tftp-root={pxe.TftpDir}")
            .AppendLine(proxy ? $"dhcp-range={pxe.DhcpRange},proxy" : $"dhcp-range={pxe.DhcpRange}")
            .AppendLine("dhcp-ignore=tag:!known")
            .AppendLine("dhcp-match=set:ipxe,175")
            .AppendLine("dhcp-userclass=set:ipxe,iPXE")
            .AppendLine("dhcp-vendorclass=set:pxe,PXEClient")
            .AppendLine("dhcp-match=set:pxe,option:client-arch")
            .AppendLine("dhcp-match=set:bios,option:client-arch,0")
            .AppendLine("dhcp-match=set:efi64,option:client-arch,7")
            .AppendLine("dhcp-match=set:efi64,option:client-arch,9")
            // iPXE (chained or a NIC's own ROM) goes straight to the HTTP script; in proxy mode dnsmasq
            // sends this file name too, with a discovery-control option that makes iPXE use it.
            .AppendLine($"dhcp-boot=tag:known,tag:ipxe,{BootScriptUrl(publicUrl)}");

        if (proxy)
        {
            // The LAN's server hands out addresses; a one-item PXE menu boots without a prompt.
            config
                .AppendLine("pxe-service=tag:known,tag:!ipxe,x86PC,\"Vetting live image\",undionly.kpxe")
                .AppendLine($"pxe-service=tag:known,tag:!ipxe,X86-64_EFI,\"Vetting live image\",{pxe.UefiLoader}")
                .AppendLine($"pxe-service=tag:known,tag:!ipxe,BC_EFI,\"Vetting live image\",{pxe.UefiLoader}");
        }
        else
        {
            config
                .AppendLine("dhcp-boot=tag:known,tag:!ipxe,tag:bios,undionly.kpxe")
                .AppendLine($"dhcp-boot=tag:known,tag:!ipxe,tag:efi64,{pxe.UefiLoader}");
        }

        if (pxe.RaPrefix is { } prefix)
        {
            config.AppendLine("enable-ra").AppendLine($"dhcp-range={prefix},ra-only");
        }

        return config.ToString().ReplaceLineEndings("\n");
    }

    // The default public URL follows server.bind, which is 127.0.0.1 or 0.0.0.0 more often than not.
    private static bool IsReachableFromOtherHosts(Uri url) =>
        !url.IsLoopback && !(IPAddress.TryParse(url.IdnHost, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)));

    private static bool IsDhcpRange(string range)
    {
        var parts = range.Split(',');
        return parts.Length is >= 2 and <= 4
            && IsIPv4(parts[0]) && IsIPv4(parts[1])
            && parts.Skip(2).All(part => IsIPv4(part) || LeaseTime().IsMatch(part));
    }

    private static bool IsProxyNetwork(string range)
    {
        var parts = range.Split(',');
        return parts.Length is 1 or 2 && parts.All(IsIPv4);
    }

    private static bool IsIPv4(string text) =>
        IPv4Address().IsMatch(text) && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork;

    private static bool IsConfigValue(string text) => text.Length > 0 && !text.Any(c => char.IsWhiteSpace(c) || c is ',' or '"' or '#' or '\'');

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,15}$")]
    private static partial Regex InterfaceName();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex FileName();

    [GeneratedRegex("^\\d{1,3}(\\.\\d{1,3}){3}$")]
    private static partial Regex IPv4Address();

    [GeneratedRegex("^(\\d+[smhdw]?|infinite)$")]
    private static partial Regex LeaseTime();
}
