using System.Net;
using System.Net.Sockets;
using Vetting.Activities.Ports;
using Vetting.Protocol;
using Vetting.Server.Configuration;

namespace Vetting.Server.Pxe;

public sealed class WakeOnLanSender(WolOptions options) : IWakeOnLan
{
    public static byte[] BuildMagicPacket(string mac)
    {
        var bytes = Convert.FromHexString(MacAddress.Normalize(mac).Replace(":", "", StringComparison.Ordinal));
        var packet = new byte[6 + (16 * 6)];
        Array.Fill(packet, (byte)0xFF, 0, 6);
        for (var i = 0; i < 16; i++)
        {
            bytes.CopyTo(packet, 6 + (i * 6));
        }

        return packet;
    }

    public async Task SendAsync(string mac, string broadcast, CancellationToken cancellationToken)
    {
        using var udp = new UdpClient(AddressFamily.InterNetwork) { EnableBroadcast = true };
        await udp.SendAsync(BuildMagicPacket(mac), new IPEndPoint(IPAddress.Parse(broadcast), options.Port), cancellationToken);
    }
}
