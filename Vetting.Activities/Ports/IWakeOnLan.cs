namespace Vetting.Activities.Ports;

/// <summary>Sends a Wake-on-LAN magic packet (6 × 0xFF then 16 × the MAC) to a broadcast address.</summary>
public interface IWakeOnLan
{
    /// <param name="mac">Lower-case colon form, e.g. <c>52:54:00:12:34:56</c>.</param>
    /// <param name="broadcast">IPv4 broadcast address of the node's segment.</param>
    Task SendAsync(string mac, string broadcast, CancellationToken cancellationToken);
}
