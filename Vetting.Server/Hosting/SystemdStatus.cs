using System.Net.Sockets;
using System.Text;

namespace Vetting.Server.Hosting;

/// <summary>
/// Tells systemd what is wrong (<c>sd_notify</c> <c>STATUS=</c>, shown by <c>systemctl status vetting</c>) when the
/// unit gave the process a <c>$NOTIFY_SOCKET</c> (<c>NotifyAccess=main</c>); a no-op anywhere else.
/// </summary>
public static class SystemdStatus
{
    public static void Report(string status)
    {
        if (Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is not { Length: > 0 } path)
        {
            return;
        }

        try
        {
            // A leading '@' names a socket in the abstract namespace.
            var endpoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes("STATUS=" + status.ReplaceLineEndings(" ")), endpoint);
        }
        catch (SocketException)
        {
            // Best effort: the journal has the same words.
        }
    }
}
