namespace Vetting.Agent.Network;

/// <summary>What <c>iperf3 -J</c> reported for one direction.</summary>
public sealed record IperfReport(string? Error, double? ReceivedBitsPerSecond, double? SentBitsPerSecond, long? Retransmits, bool Reverse)
{
    public double? ReceivedMbps => ReceivedBitsPerSecond / 1_000_000;
}
