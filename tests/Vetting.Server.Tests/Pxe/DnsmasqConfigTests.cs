using System.Diagnostics;
using Vetting.Server.Configuration;
using Vetting.Server.Pxe;

namespace Vetting.Server.Tests.Pxe;

public sealed class DnsmasqConfigTests
{
    private const string PublicUrl = "http://10.77.0.1:8080";
    private const string BootUrl = "http://10.77.0.1:8080/pxe/boot.ipxe?mac=${netX/mac}";
    private static readonly DnsmasqPaths Paths = new("/var/lib/vetting/dnsmasq");

    private static PxeOptions DhcpMode() => new()
    {
        Enabled = true,
        Interface = "br-vetting",
        Mode = "dhcp",
        DhcpRange = "10.77.0.100,10.77.0.200,255.255.255.0",
    };

    private static PxeOptions ProxyMode() => new()
    {
        Enabled = true,
        Interface = "eth0",
        Mode = "proxy",
        DhcpRange = "192.168.1.0",
        UefiLoader = "snponly.efi",
    };

    [Fact]
    public void Dhcp_mode_serves_its_own_range_and_chains_every_firmware_to_the_boot_script()
    {
        var lines = Render(DhcpMode());

        Assert.Superset(new HashSet<string>
        {
            "port=0",
            "interface=br-vetting",
            "bind-interfaces",
            "enable-tftp",
            "tftp-root=/usr/lib/ipxe",
            "dhcp-hostsfile=/var/lib/vetting/dnsmasq/allowed-hosts",
            "dhcp-leasefile=/var/lib/vetting/dnsmasq/leases",
            "dhcp-range=10.77.0.100,10.77.0.200,255.255.255.0",
            "dhcp-match=set:ipxe,175",
            "dhcp-userclass=set:ipxe,iPXE",
            "dhcp-match=set:bios,option:client-arch,0",
            "dhcp-match=set:efi64,option:client-arch,7",
            "dhcp-match=set:efi64,option:client-arch,9",
            $"dhcp-boot=tag:known,tag:ipxe,{BootUrl}",
            "dhcp-boot=tag:known,tag:!ipxe,tag:bios,undionly.kpxe",
            "dhcp-boot=tag:known,tag:!ipxe,tag:efi64,ipxe.efi",
        }, lines.ToHashSet());
        Assert.DoesNotContain(lines, line => line.Contains("proxy", StringComparison.Ordinal) || line.StartsWith("pxe-service", StringComparison.Ordinal));
        Assert.DoesNotContain("enable-ra", lines);
    }

    [Fact]
    public void Proxy_mode_leaves_addresses_to_the_LAN_and_offers_a_PXE_menu_entry_per_firmware()
    {
        var lines = Render(ProxyMode());

        Assert.Superset(new HashSet<string>
        {
            "dhcp-range=192.168.1.0,proxy",
            $"dhcp-boot=tag:known,tag:ipxe,{BootUrl}",
            "pxe-service=tag:known,tag:!ipxe,x86PC,\"Vetting live image\",undionly.kpxe",
            "pxe-service=tag:known,tag:!ipxe,X86-64_EFI,\"Vetting live image\",snponly.efi",
            "pxe-service=tag:known,tag:!ipxe,BC_EFI,\"Vetting live image\",snponly.efi",
        }, lines.ToHashSet());
        Assert.DoesNotContain(lines, line => line.Contains("tag:bios", StringComparison.Ordinal) && line.StartsWith("dhcp-boot", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_modes_answer_only_allow_listed_MACs_and_send_boot_options_only_to_them()
    {
        foreach (var lines in new[] { Render(DhcpMode()), Render(ProxyMode()) })
        {
            Assert.Contains("dhcp-ignore=tag:!known", lines);
            Assert.All(lines.Where(line => line.StartsWith("dhcp-boot", StringComparison.Ordinal) || line.StartsWith("pxe-service", StringComparison.Ordinal)),
                line => Assert.StartsWith(line.Split('=')[0] + "=tag:known,", line, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_IPv6_prefix_adds_router_advertisements_only()
    {
        var pxe = DhcpMode();
        pxe.RaPrefix = "fd77::";

        var lines = Render(pxe);

        Assert.Contains("enable-ra", lines);
        Assert.Contains("dhcp-range=fd77::,ra-only", lines);
    }

    public static TheoryData<string, Action<PxeOptions>> BrokenSettings => new()
    {
        { "pxe.interface", pxe => pxe.Interface = null },
        { "pxe.interface", pxe => pxe.Interface = "eth0\ndhcp-range=0.0.0.0,0.0.0.255" },
        { "pxe.mode", pxe => pxe.Mode = "relay" },
        { "pxe.dhcp_range", pxe => pxe.DhcpRange = "10.77.0.100" },
        { "pxe.dhcp_range", pxe => pxe.DhcpRange = "10.77.0.100,10.77.0.300" },
        { "pxe.dhcp_range", pxe => (pxe.Mode, pxe.DhcpRange) = ("proxy", "192.168.1.0,proxy") },
        { "pxe.uefi_loader", pxe => pxe.UefiLoader = "efi/ipxe.efi" },
        { "pxe.ra_prefix", pxe => pxe.RaPrefix = "10.77.0.0" },
        { "pxe.tftp_dir", pxe => pxe.TftpDir = "/srv/tftp # x" },
    };

    [Theory]
    [MemberData(nameof(BrokenSettings))]
    public void Bad_settings_are_reported_by_their_YAML_key(string key, Action<PxeOptions> breakIt)
    {
        var pxe = DhcpMode();
        breakIt(pxe);

        var error = Assert.Single(DnsmasqConfig.Validate(pxe, PublicUrl));
        Assert.StartsWith(key + " ", error, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => DnsmasqConfig.Render(pxe, PublicUrl, Paths));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://[::]:8080")]
    public void A_public_URL_the_nodes_cannot_reach_is_refused(string url) =>
        Assert.Contains("server.public_url", Assert.Single(DnsmasqConfig.Validate(DhcpMode(), url)), StringComparison.Ordinal);

    [Fact]
    public void A_public_URL_too_long_for_the_boot_file_field_is_refused()
    {
        var errors = DnsmasqConfig.Validate(DhcpMode(), "http://vetting.example.org:8080/" + new string('a', 80));

        Assert.Contains("server.public_url", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dhcp")]
    [InlineData("proxy")]
    public async Task Dnsmasq_accepts_the_rendered_file(string mode)
    {
        Assert.SkipUnless(File.Exists("/usr/sbin/dnsmasq"), "dnsmasq is not installed (apt-get install dnsmasq)");
        using var temp = new TempDirectory();
        var file = temp.Combine("dnsmasq.conf");
        var pxe = mode == "dhcp" ? DhcpMode() : ProxyMode();
        pxe.RaPrefix = "fd77::";
        await File.WriteAllTextAsync(file, DnsmasqConfig.Render(pxe, PublicUrl, new DnsmasqPaths(temp.Path)), TestContext.Current.CancellationToken);

        using var check = Process.Start(new ProcessStartInfo("/usr/sbin/dnsmasq", ["--test", $"--conf-file={file}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var output = await check.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await check.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(check.ExitCode == 0, output);
    }

    private static List<string> Render(PxeOptions pxe) =>
        [.. DnsmasqConfig.Render(pxe, PublicUrl, Paths).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}
