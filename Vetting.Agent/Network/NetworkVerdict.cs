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
/// Link state and speed per NIC, and throughput against the NIC's thresholds: min_throughput_pct of the link speed
/// (80% by default) and/or an absolute min_throughput_mbps, from the NIC's own spec entry or the stage-wide
/// thresholds. With no link speed and no absolute minimum, throughput is recorded but not judged, and the summary says so.
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

        var judged = JudgeThroughput(verdict, tested, slowest, parameters);
        return verdict.ToResult(Invariant(
            $"{tested.Name}: up {observation.Upload?.ReceivedMbps ?? 0:0} Mbit/s, down {observation.Download?.ReceivedMbps ?? 0:0} Mbit/s ({judged})"));
    }

    /// <summary>
    /// Applies the throughput thresholds that hold for <paramref name="tested"/> and returns what was expected and
    /// why, for the summary. A NIC's own spec entry overrides the stage-wide value of the same name; an explicit
    /// Mbit/s minimum replaces the default ratio; with both a ratio and a minimum set, both must be met.
    /// </summary>
    private static string JudgeThroughput(Verdict verdict, NetworkInterface tested, double slowest, StageParameters parameters)
    {
        var percent = parameters.DeviceThreshold(StageNames.Network, MinPercentThreshold, tested.Mac);
        var absolute = parameters.DeviceThreshold(StageNames.Network, MinMbpsThreshold, tested.Mac);
        var expected = new List<string>();
        var required = 0d;
        if (tested.SpeedMbps is { } linkSpeed && (percent is not null || absolute is null))
        {
            var (ratio, source) = percent ?? (DefaultMinPercent, "the default");
            var needed = linkSpeed * ratio / 100;
            required = needed;
            expected.Add(Invariant($"≥ {ratio:0.#}% of {linkSpeed} Mbit/s = {needed:0} Mbit/s, {source}"));
            if (slowest < needed)
            {
                verdict.Fail(FailureReasons.Throughput, Invariant(
                    $"{tested.Name} reached {slowest:0} Mbit/s, below {ratio:0.#}% of its {linkSpeed} Mbit/s link ({needed:0}; {source})"));
            }
        }
        else if (percent is { } unusable)
        {
            verdict.Note(Invariant($"{tested.Name} reports no link speed: {unusable.Source} ({unusable.Value:0.#}%) cannot be applied"));
        }

        if (absolute is { } floor)
        {
            required = Math.Max(required, floor.Value);
            expected.Add(Invariant($"≥ {floor.Value:0} Mbit/s, {floor.Source}"));
            if (slowest < floor.Value)
            {
                verdict.Fail(FailureReasons.Throughput, Invariant($"{tested.Name} reached {slowest:0} Mbit/s, below {floor.Value:0} Mbit/s ({floor.Source})"));
            }
        }

        if (expected.Count == 0)
        {
            verdict.Note($"{tested.Name} reports no link speed (virtual NIC?) and the spec sets no {MinMbpsThreshold} for it: throughput not judged");
            return "not judged";
        }

        verdict.Measure("throughput_required", required, "Mbit/s", tested.Name);
        return "expected " + string.Join(" and ", expected);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
