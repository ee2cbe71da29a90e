using System.Globalization;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Network;

/// <summary>
/// Checks link state and speed of every physical NIC, then measures throughput with iperf3 against the
/// orchestrator in both directions through the NIC that routes there (the others have no path to the server).
/// </summary>
public sealed class NetworkStage : IStage
{
    public const int DefaultDurationSeconds = 10;
    public const int DefaultPort = 5201;

    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public string Name => StageNames.Network;

    public static IReadOnlyList<string> IperfArguments(string server, int port, int seconds, bool reverse)
    {
        var arguments = new List<string>
        {
            "-J", "-c", server, "-p", port.ToString(CultureInfo.InvariantCulture), "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "--connect-timeout", "5000",
        };
        if (reverse)
        {
            arguments.Add("-R");
        }

        return arguments;
    }

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var (nics, problem) = await NetworkInterfaces.ProbeAsync(context.Tools, context.Files, cancellationToken);
        if (nics is null)
        {
            return StageOutcome.Error(FailureReasons.ToolFailed, $"cannot list network interfaces: {problem}");
        }

        var server = context.Parameters.String(StageParameters.Iperf3Server);
        if (string.IsNullOrWhiteSpace(server))
        {
            return StageOutcome.Error(FailureReasons.ToolFailed, "the instruction names no iperf3Server");
        }

        var port = context.Parameters.Int(StageParameters.Iperf3Port) ?? DefaultPort;
        var duration = context.Parameters.DurationSeconds(DefaultDurationSeconds);
        var route = await context.Tools.RunAsync("ip", RouteParser.Arguments(server), TimeSpan.FromSeconds(15), cancellationToken);
        var (device, _) = RouteParser.Parse(route.Stdout);
        if (device is null)
        {
            return StageOutcome.Error(FailureReasons.ToolFailed, $"no route to the iperf3 server {server}: {route.LastErrorLine()}");
        }

        var tested = RoutedInterface(device, nics, context.Files);
        if (tested.LinkUp == false)
        {
            return new StageOutcome(NetworkVerdict.Judge(new NetworkObservation { Nics = nics }, context.Parameters), []);
        }

        var artifacts = new List<StageArtifact>();
        var reports = new List<IperfReport>();
        foreach (var reverse in new[] { false, true })
        {
            context.Progress.Phase($"iperf3 {(reverse ? "download" : "upload")} via {tested.Name} to {server}:{port}",
                reverse ? 50 : 0, reverse ? 100 : 50, TimeSpan.FromSeconds(duration));
            var iperf = await context.Tools.RunAsync("iperf3", IperfArguments(server, port, duration, reverse), TimeSpan.FromSeconds(duration) + Grace, cancellationToken);
            if (iperf.Missing)
            {
                return StageOutcome.ToolMissing("iperf3", artifacts);
            }

            var name = $"iperf-{ArtifactNames.Safe(tested.Name)}{(reverse ? "-reverse" : "")}.json";
            artifacts.Add(StageArtifact.Text(name, iperf.Stdout + (string.IsNullOrWhiteSpace(iperf.Stderr) ? "" : "\n" + iperf.Stderr)));
            var report = IperfParser.Parse(iperf.Stdout);
            if (report is null || report.Error is not null || report.ReceivedBitsPerSecond is null)
            {
                // The server side (port busy, firewall, not running) is as likely as the NIC: the stage could not run.
                var why = report?.Error ?? (iperf.TimedOut ? "timed out" : iperf.LastErrorLine());
                return StageOutcome.Error(FailureReasons.ToolFailed, $"iperf3 {(reverse ? "-R " : "")}to {server}:{port} via {tested.Name} failed: {why}", artifacts);
            }

            reports.Add(report);
        }

        var observation = new NetworkObservation { Nics = nics, Tested = tested, Upload = reports[0], Download = reports[1] };
        return new StageOutcome(NetworkVerdict.Judge(observation, context.Parameters), artifacts);
    }

    /// <summary>
    /// The interface the route uses. Often a physical NIC; on VLANs and bonds (or lo in a local demo) it is a
    /// virtual one, whose own speed (a bond's aggregate) is read from sysfs when the driver reports one.
    /// </summary>
    private static NetworkInterface RoutedInterface(string device, IReadOnlyList<NetworkInterface> nics, ISystemFiles files) =>
        nics.FirstOrDefault(n => n.Name == device) ?? new NetworkInterface
        {
            Name = device,
            LinkUp = true,
            SpeedMbps = int.TryParse(files.ReadText($"/sys/class/net/{device}/speed")?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var speed) && speed > 0
                ? speed
                : null,
        };
}
