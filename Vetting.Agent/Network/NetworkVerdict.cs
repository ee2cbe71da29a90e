using System.Globalization;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Protocol;

namespace Vetting.Agent.Network;

/// <summary>The measured NIC and both iperf3 directions.</summary>
public sealed record NetworkObservation
{
    public required IReadOnlyList<NetworkInterface> Nics { get; init; }

    /// <summary>The interface whose route reaches the iperf3 server; null when it has no link (nothing was measured).</summary>
    public NetworkInterface? Tested { get; init; }

    public IperfReport? Upload { get; init; }

    public IperfReport? Download { get; init; }
}

/// <summary>
/// Link state and speed per NIC, and throughput against link speed × min_throughput_pct. When the driver does
/// not report a speed (virtio, some VFs), an absolute min_throughput_mbps is used if the spec gives one;
/// otherwise throughput is recorded but not judged, and the summary says so.
/// </summary>
public static class NetworkVerdict
{
    public const string MinPercentThreshold = ThresholdNames.MinThroughputPct;
    public const string MinMbpsThreshold = ThresholdNames.MinThroughputMbps;
    public const string MinLinkThreshold = ThresholdNames.MinLinkSpeedMbps;
    public const double DefaultMinPercent = 80;

    public static StageResult Judge(NetworkObservation observation, StageParameters parameters)
    {
        var verdict = new Verdict();
        var up = observation.Nics.Where(n => n.LinkUp == true).ToList();
        if (up.Count == 0)
        {
            verdict.Fail(FailureReasons.LinkDown, observation.Nics.Count == 0
                ? "no physical network interface found"
                : $"no link on {string.Join(", ", observation.Nics.Select(n => n.Name))}");
            return verdict.ToResult("");
        }

        foreach (var down in observation.Nics.Where(n => n.LinkUp != true))
        {
            verdict.Note($"{down.Name} has no link");
        }

        var minLink = parameters.Threshold(MinLinkThreshold);
        foreach (var nic in up)
        {
            if (nic.SpeedMbps is { } speed)
            {
                verdict.Measure("link_speed", speed, "Mbit/s", nic.Name);
                if (minLink is { } required && speed < required)
                {
                    verdict.Fail(FailureReasons.LinkSpeed, Invariant($"{nic.Name} linked at {speed} Mbit/s, expected at least {required:0}"));
                }
            }
            else if (minLink is not null)
            {
                verdict.Note($"{nic.Name} reports no link speed");
            }
        }

        if (observation.Tested is not { } tested)
        {
            verdict.Note("the interface towards the iperf3 server has no link: throughput not measured");
            return verdict.ToResult(Invariant($"{up.Count} link{(up.Count == 1 ? "" : "s")} up"));
        }

        var slowest = Math.Min(observation.Upload?.ReceivedMbps ?? 0, observation.Download?.ReceivedMbps ?? 0);
        verdict.Measure("throughput_tx", observation.Upload?.ReceivedMbps ?? 0, "Mbit/s", tested.Name);
        verdict.Measure("throughput_rx", observation.Download?.ReceivedMbps ?? 0, "Mbit/s", tested.Name);

        string judged;
        if (tested.SpeedMbps is { } linkSpeed)
        {
            var percent = parameters.Threshold(MinPercentThreshold) ?? DefaultMinPercent;
            var needed = linkSpeed * percent / 100;
            judged = Invariant($"≥ {percent:0}% of {linkSpeed} Mbit/s");
            if (slowest < needed)
            {
                verdict.Fail(FailureReasons.Throughput, Invariant($"{tested.Name} reached {slowest:0} Mbit/s, below {percent:0}% of its {linkSpeed} Mbit/s link ({needed:0})"));
            }
        }
        else if (parameters.Threshold(MinMbpsThreshold) is { } absolute)
        {
            judged = Invariant($"≥ {absolute:0} Mbit/s, link speed unknown");
            if (slowest < absolute)
            {
                verdict.Fail(FailureReasons.Throughput, Invariant($"{tested.Name} reached {slowest:0} Mbit/s, below {absolute:0} Mbit/s (link speed unknown)"));
            }
        }
        else
        {
            judged = "not judged";
            verdict.Note($"{tested.Name} reports no link speed (virtual NIC?) and the spec sets no {MinMbpsThreshold}: throughput not judged");
        }

        return verdict.ToResult(Invariant(
            $"{tested.Name}: up {observation.Upload?.ReceivedMbps ?? 0:0} Mbit/s, down {observation.Download?.ReceivedMbps ?? 0:0} Mbit/s ({judged})"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
