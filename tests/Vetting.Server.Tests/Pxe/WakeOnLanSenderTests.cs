using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Vetting.Server.Configuration;
using Vetting.Server.Pxe;

namespace Vetting.Server.Tests.Pxe;

public sealed class WakeOnLanSenderTests
{
    private static readonly byte[] Mac = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

    [Fact]
    public void Magic_packet_is_six_FF_bytes_then_the_MAC_sixteen_times()
    {
        var packet = WakeOnLanSender.BuildMagicPacket("52:54:00:12:34:56");

        Assert.Equal(102, packet.Length);
        Assert.All(packet[..6], b => Assert.Equal(0xFF, b));
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(Mac, packet[(6 + i * 6)..(12 + i * 6)]);
        }
    }

    [Theory]
    [InlineData("52-54-00-12-34-56")]
    [InlineData("525400123456")]
    [InlineData("52:54:00:12:34:56")]
    public void Any_MAC_spelling_gives_the_same_packet(string mac) =>
        Assert.Equal(WakeOnLanSender.BuildMagicPacket("52:54:00:12:34:56"), WakeOnLanSender.BuildMagicPacket(mac));

    [Fact]
    public void A_malformed_MAC_is_refused() =>
        Assert.Throws<FormatException>(() => WakeOnLanSender.BuildMagicPacket("52:54:00:12:34"));

    [Fact]
    public async Task The_packet_arrives_on_the_configured_port()
    {
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        var sender = new WakeOnLanSender(Options.Create(new WolOptions { Port = port }));

        await sender.SendAsync("52-54-00-12-34-56", "127.0.0.1", TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var received = await receiver.ReceiveAsync(timeout.Token);

        Assert.Equal(WakeOnLanSender.BuildMagicPacket("52:54:00:12:34:56"), received.Buffer);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("fd77::1")]
    public async Task Only_IPv4_broadcast_addresses_are_accepted(string broadcast)
    {
        var sender = new WakeOnLanSender(Options.Create(new WolOptions()));

        await Assert.ThrowsAsync<ArgumentException>(() =>
            sender.SendAsync("52:54:00:12:34:56", broadcast, TestContext.Current.CancellationToken));
    }
}
