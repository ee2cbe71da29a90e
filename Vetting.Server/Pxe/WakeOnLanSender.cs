using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Vetting.Activities.Ports;
using Vetting.Protocol;
using Vetting.Server.Configuration;

namespace Vetting.Server.Pxe;

/// <summary>Wake-on-LAN over UDP to <c>&lt;broadcast&gt;:&lt;wol.port&gt;</c>.</summary>
public sealed class WakeOnLanSender(IOptions<WolOptions> options) : IWakeOnLan
{
    private const int MacLength = 6;
    private const int Repetitions = 16;

    /// <summary>6 × <c>0xFF</c> followed by the MAC 16 times (102 bytes).</summary>
    /// <exception cref="FormatException"><paramref name="mac"/> is not a MAC address.</exception>
    public static byte[] BuildMagicPacket(string mac)
    {
        var normalized = MacAddress.Normalize(mac);
        var address = Convert.FromHexString(normalized.Replace(":", "", StringComparison.Ordinal));

        var packet = new byte[MacLength * (Repetitions + 1)];
        packet.AsSpan(0, MacLength).Fill(0xFF);
        for (var i = 1; i <= Repetitions; i++)
        {
            address.CopyTo(packet, i * MacLength);
        }

        return packet;
    }

    public async Task SendAsync(string mac, string broadcast, CancellationToken cancellationToken)
    {
        // IPv4 only: WoL relies on directed/limited broadcast, which IPv6 does not have.
        if (!IPAddress.TryParse(broadcast, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"'{broadcast}' is not an IPv4 broadcast address.", nameof(broadcast));
        }

        var packet = BuildMagicPacket(mac);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { EnableBroadcast = true };
        await socket.SendToAsync(packet, SocketFlags.None, new IPEndPoint(address, options.Value.Port), cancellationToken);
    }
}
