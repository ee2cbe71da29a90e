using Vetting.Agent.Probes;

namespace Vetting.Agent.Network;

/// <summary>
/// Parses <c>iperf3 -J</c>. iperf3 exits 0 with <c>"error": "unable to connect to server: Connection refused"</c>
/// in its JSON, so the error field decides, not the exit code.
/// </summary>
public static class IperfParser
{
    public static IperfReport? Parse(string? json)
    {
        using var document = JsonRead.ParseLenient(json);
        if (document is null || document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return null;
        }

        var root = document.RootElement;
        return new IperfReport(
            root.String("error"),
            root.Double("end", "sum_received", "bits_per_second"),
            root.Double("end", "sum_sent", "bits_per_second"),
            root.Long("end", "sum_sent", "retransmits"),
            root.Long("start", "test_start", "reverse") == 1);
    }
}
