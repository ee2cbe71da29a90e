using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vetting.Server.Tests.Pxe;

public enum DhcpClientKind
{
    /// <summary>A legacy BIOS PXE ROM: vendor class PXEClient, client architecture 0.</summary>
    PxeRom,

    /// <summary>iPXE chained from undionly.kpxe: a PXE ROM's fields plus user class iPXE.</summary>
    Ipxe,

    /// <summary>The live image's own DHCP client.</summary>
    Plain,
}

/// <summary>
/// Two network namespaces joined by a veth pair: the orchestrator side (10.77.0.1/24) and a client side
/// whose MAC the test sets. Nothing here touches the host's own interfaces; dispose removes everything.
/// </summary>
internal sealed partial class NetnsLab : IAsyncDisposable
{
    private static readonly string[] IpCandidates = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"];
    private static readonly string[] DhclientCandidates = ["/usr/sbin/dhclient", "/sbin/dhclient"];
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    private readonly string _ip;
    private readonly string _dhclient;
    private readonly TempDirectory _temp = new();
    private readonly string _clientNamespace;
    private readonly string _clientInterface;

    private NetnsLab(string ip, string dhclient, string suffix)
    {
        _ip = ip;
        _dhclient = dhclient;
        ServerNamespace = $"vetting-srv-{suffix}";
        _clientNamespace = $"vetting-cli-{suffix}";
        ServerInterface = $"vts{suffix}";
        _clientInterface = $"vtc{suffix}";
    }

    public string ServerNamespace { get; }

    public string ServerInterface { get; }

    public string IpPath => _ip;

    /// <summary>Why the lab cannot run here, or null when it can.</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            return "needs root on Linux to create network namespaces";
        }

        if (!File.Exists("/usr/sbin/dnsmasq"))
        {
            return "dnsmasq is not installed (apt-get install dnsmasq)";
        }

        if (Find(IpCandidates) is null)
        {
            return "iproute2's ip is not installed";
        }

        return Find(DhclientCandidates) is null ? "dhclient is not installed (apt-get install isc-dhcp-client)" : null;
    }

    public static async Task<NetnsLab> CreateAsync()
    {
        var suffix = Random.Shared.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture);
        var lab = new NetnsLab(Find(IpCandidates)!, Find(DhclientCandidates)!, suffix);
        try
        {
            await lab.RunIpAsync("netns", "add", lab.ServerNamespace);
            await lab.RunIpAsync("netns", "add", lab._clientNamespace);
            await lab.RunIpAsync("link", "add", lab.ServerInterface, "netns", lab.ServerNamespace, "type", "veth",
                "peer", "name", lab._clientInterface, "netns", lab._clientNamespace);
            await lab.RunIpAsync("-n", lab.ServerNamespace, "addr", "add", "10.77.0.1/24", "dev", lab.ServerInterface);
            await lab.RunIpAsync("-n", lab.ServerNamespace, "link", "set", lab.ServerInterface, "up");
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs one DHCP exchange from the client namespace with the given MAC. Returns the lease dhclient
    /// recorded (including any boot <c>filename</c>), or null when no server answered in time.
    /// </summary>
    public async Task<string?> RequestLeaseAsync(string mac, DhcpClientKind kind)
    {
        await RunIpAsync("-n", _clientNamespace, "link", "set", _clientInterface, "down");
        await RunIpAsync("-n", _clientNamespace, "link", "set", _clientInterface, "address", mac);
        await RunIpAsync("-n", _clientNamespace, "link", "set", _clientInterface, "up");

        var name = $"{mac.Replace(':', '-')}-{kind}-{Guid.NewGuid():N}";
        var leases = _temp.Combine(name + ".leases");
        var config = _temp.Combine(name + ".conf");
        await File.WriteAllTextAsync(leases, "");
        await File.WriteAllTextAsync(config, ClientConfig(kind));

        // -sf /bin/true: record the lease only; the real script would rewrite the host's /etc/resolv.conf.
        using var client = Process.Start(new ProcessStartInfo(_ip,
            ["netns", "exec", _clientNamespace, _dhclient, "-1", "-d", "-v", "-sf", "/bin/true",
             "-lf", leases, "-pf", _temp.Combine(name + ".pid"), "-cf", config, _clientInterface])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            // dhclient gives up by itself after the configured 4 s; the deadline only guards against a hang.
            await Eventually.HoldsAsync(() => client.HasExited || File.ReadAllText(leases).Contains("fixed-address", StringComparison.Ordinal),
                TimeSpan.FromSeconds(10));
            var lease = await File.ReadAllTextAsync(leases);
            return lease.Contains("fixed-address", StringComparison.Ordinal) ? lease : null;
        }
        finally
        {
            if (!client.HasExited)
            {
                client.Kill(entireProcessTree: true);
            }

            await client.WaitForExitAsync();
        }
    }

    public static string? BootFileName(string lease) => BootFile().Match(lease) is { Success: true } match ? match.Groups[1].Value : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in new[] { _clientNamespace, ServerNamespace })
        {
            try
            {
                await RunIpAsync("netns", "del", ns);
            }
            catch (InvalidOperationException)
            {
                // Never created: set-up failed earlier.
            }
        }

        _temp.Dispose();
    }

    private static string ClientConfig(DhcpClientKind kind)
    {
        var lines = new List<string> { "timeout 4;", "initial-interval 1;" };
        if (kind is DhcpClientKind.PxeRom or DhcpClientKind.Ipxe)
        {
            lines.Add("option pxe-arch code 93 = unsigned integer 16;");
            lines.Add("send pxe-arch 0;");
            lines.Add("send vendor-class-identifier \"PXEClient:Arch:00000:UNDI:002001\";");
        }

        if (kind is DhcpClientKind.Ipxe)
        {
            lines.Add("send user-class \"iPXE\";");
        }

        return string.Join('\n', lines) + "\n";
    }

    private async Task RunIpAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(_ip, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {await errors}");
        }
    }

    private static string? Find(string[] candidates) => candidates.FirstOrDefault(File.Exists);

    [GeneratedRegex("filename \"([^\"]*)\";")]
    private static partial Regex BootFile();
}
