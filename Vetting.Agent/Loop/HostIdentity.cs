using System.Net;
using System.Net.Sockets;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Loop;

/// <summary>Builds the hello: who this machine is, as far as the kernel says.</summary>
public sealed class HostIdentity(ISystemFiles files, Uri orchestrator)
{
    public HelloRequest Hello() => new()
    {
        AgentVersion = AgentVersion.Current,
        // Without a boot id the server cannot tell a reboot from a repeated hello; a fresh one per start errs on "rebooted".
        BootId = files.ReadText("/proc/sys/kernel/random/boot_id")?.Trim() is { Length: > 0 } bootId ? bootId : Guid.NewGuid().ToString(),
        Hostname = files.ReadText("/proc/sys/kernel/hostname")?.Trim() is { Length: > 0 } hostname ? hostname : Environment.MachineName,
        Kernel = files.ReadText("/proc/sys/kernel/osrelease")?.Trim() ?? Environment.OSVersion.VersionString,
        Ip = LocalAddress(),
        Macs = Macs(),
    };

    /// <summary>
    /// The source address the kernel would use towards the orchestrator: what the operator can SSH to. A UDP
    /// "connect" only selects a route, it sends nothing.
    /// </summary>
    public string? LocalAddress()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var port = orchestrator.Port > 0 ? orchestrator.Port : 80;
            if (IPAddress.TryParse(orchestrator.Host, out var address))
            {
                if (address.AddressFamily != AddressFamily.InterNetwork)
                {
                    return null;
                }

                socket.Connect(address, port);
            }
            else
            {
                socket.Connect(orchestrator.Host, port);
            }

            return (socket.LocalEndPoint as IPEndPoint)?.Address.ToString();
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>MACs of interfaces backed by a device; lo, bridges and veths would only confuse the host registry.</summary>
    private List<string> Macs() =>
        [.. files.List("/sys/class/net")
            .Where(nic => files.Exists(nic + "/device"))
            .Select(nic => MacAddress.TryNormalize(files.ReadText(nic + "/address"), out var mac) ? mac : null)
            .OfType<string>()
            .Where(mac => mac != "00:00:00:00:00:00")
            .Distinct(StringComparer.Ordinal)];
}
