using System.Globalization;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Storage;

/// <summary>The checks of one storage stage across its disks, and their combined verdict.</summary>
internal sealed class StorageRun(StageContext context, StageParameters parameters, int durationSeconds, long readMb, long probeMb)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);

    // The most serious reason names the failure: the override only helps when nothing but the refusal failed.
    private static readonly string[] Severity =
        [FailureReasons.SmartFailed, FailureReasons.VerifyErrors, AgentFailureReasons.IoErrors, FailureReasons.Throughput, FailureReasons.WipeProbeRefused];

    private readonly List<StageArtifact> _artifacts = [];
    private readonly List<(string Reason, string Message)> _problems = [];
    private readonly List<string> _notes = [];
    private readonly List<Measurement> _measurements = [];
    private readonly List<string> _passedParts = [];
    private int _smartHealthy;
    private string? _toolError;
    private string _toolErrorReason = FailureReasons.ToolFailed;

    /// <summary>False when the stage cannot go on (a tool is missing).</summary>
    public async Task<bool> TestAsync(StorageTarget target, CancellationToken cancellationToken)
    {
        if (!target.IsScratchFile)
        {
            await SmartAsync(target, cancellationToken);
        }

        var read = await FioAsync(target, FioArguments.Read(target, CappedMb(readMb, target), durationSeconds), $"fio-{ArtifactNames.Safe(target.Name)}.log",
            TimeSpan.FromSeconds(durationSeconds) + TimeSpan.FromMinutes(2), cancellationToken);
        if (read is null)
        {
            return false;
        }

        var part = $"{target.Name}: ";
        if (read.Report is { } readReport && read.Clean)
        {
            var mbps = readReport.ReadMegabytesPerSecond;
            _measurements.Add(Measure("seq_read", mbps, "MB/s", target.Name));
            part += Invariant($"read {mbps:0} MB/s");
            if (parameters.Threshold(StorageStage.MinReadThreshold) is { } minimum && mbps < minimum)
            {
                _problems.Add((FailureReasons.Throughput, Invariant($"{target.Name} reads {mbps:0} MB/s, below the {minimum:0} MB/s threshold")));
            }
        }

        var signatures = target.IsScratchFile || target.IsBootMedia || target.IsMounted ? [] : await SignaturesAsync(target, cancellationToken);
        var (decision, why) = WipeProbeGate.Decide(target, signatures, parameters.AllowDestructive);
        switch (decision)
        {
            case WipeProbeDecision.Skip:
                _notes.Add($"wipe-probe skipped: {why}");
                break;
            case WipeProbeDecision.Refuse:
                _problems.Add((FailureReasons.WipeProbeRefused, why));
                break;
            case WipeProbeDecision.Run:
                context.Log($"wipe-probe on {target.Path}: {why}");
                // Minimum of the probe size and the disk, as fio refuses to write past the end of a device.
                var probe = await FioAsync(target, FioArguments.WipeProbe(target, CappedMb(probeMb, target)), $"fio-{ArtifactNames.Safe(target.Name)}-wipe-probe.log",
                    TimeSpan.FromSeconds(Math.Max(120, probeMb / 5)), cancellationToken);
                if (probe is null)
                {
                    return false;
                }

                if (probe is { Clean: true, Report: { } written })
                {
                    _measurements.Add(Measure("wipe_probe_write", written.WriteMegabytesPerSecond, "MB/s", target.Name));
                    part += Invariant($", wipe-probe {CappedMb(probeMb, target)} MB verified");
                }

                break;
        }

        _passedParts.Add(part);
        return true;
    }

    public StageOutcome Outcome(string? note)
    {
        if (_toolError is not null)
        {
            return StageOutcome.Error(_toolErrorReason, _toolError, _artifacts);
        }

        if (note is not null)
        {
            _notes.Add(note);
        }

        var verdict = new Verdict();
        foreach (var (reason, message) in _problems.OrderBy(p => Array.IndexOf(Severity, p.Reason)))
        {
            verdict.Fail(reason, message);
        }

        foreach (var text in _notes)
        {
            verdict.Note(text);
        }

        foreach (var measurement in _measurements)
        {
            verdict.Measure(measurement.Name, measurement.Value, measurement.Unit, measurement.Device);
        }

        // Claim "SMART ok" only for disks whose SMART health was actually read (not in scratch mode, not on virtual disks).
        var summary = _passedParts.Count == 0
            ? "no disks tested"
            : string.Join("; ", _passedParts) + (_smartHealthy > 0 ? $", SMART ok on {_smartHealthy} disk(s)" : ", SMART not checked");
        return new StageOutcome(verdict.ToResult(summary), _artifacts);
    }

    private async Task SmartAsync(StorageTarget target, CancellationToken cancellationToken)
    {
        var smart = await context.Tools.RunAsync("smartctl", SmartctlParser.Arguments(target.Path), ProbeTimeout, cancellationToken);
        if (smart.Missing)
        {
            _notes.Add("smartctl is not installed: SMART not checked");
            return;
        }

        _artifacts.Add(StageArtifact.Text($"smart-{ArtifactNames.Safe(target.Name)}.json", smart.Stdout));
        var report = SmartctlParser.Parse(smart.Stdout);
        if (report is not { HasHealth: true })
        {
            // Virtual disks and many USB bridges have no SMART: unknown, not failing.
            _notes.Add($"{target.Name}: SMART unavailable ({(report is { Errors.Count: > 0 } ? report.Errors[0] : smart.LastErrorLine())})");
            return;
        }

        var found = SmartJudgement.Problems(report);
        if (found.Count > 0)
        {
            _problems.Add((FailureReasons.SmartFailed, $"{target.Name}: {string.Join(", ", found)}"));
        }
        else
        {
            _smartHealthy++;
        }
    }

    private async Task<IReadOnlyList<DiskSignature>?> SignaturesAsync(StorageTarget target, CancellationToken cancellationToken)
    {
        var wipefs = await context.Tools.RunAsync("wipefs", WipefsParser.Arguments(target.Path), ProbeTimeout, cancellationToken);
        return wipefs.Missing || wipefs.ExitCode != 0 ? null : WipefsParser.Parse(wipefs.Stdout);
    }

    private async Task<FioFinding?> FioAsync(StorageTarget target, IReadOnlyList<string> arguments, string artifact, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var fio = await context.Tools.RunAsync("fio", arguments, timeout, cancellationToken);
        if (fio.Missing)
        {
            (_toolError, _toolErrorReason) = ("fio is not installed in the live image", FailureReasons.ToolMissing);
            return null;
        }

        _artifacts.Add(StageArtifact.Text(artifact, fio.Stdout + (string.IsNullOrWhiteSpace(fio.Stderr) ? "" : "\n--- stderr ---\n" + fio.Stderr)));
        var finding = FioJudgement.Judge(fio, target.Name);
        if (finding.ToolProblem is not null)
        {
            _toolError = finding.ToolProblem;
            return null;
        }

        if (finding.Reason is not null)
        {
            _problems.Add((finding.Reason, finding.Problem!));
        }

        return finding;
    }

    private static long CappedMb(long mb, StorageTarget target) =>
        target.SizeBytes is { } size && !target.IsScratchFile ? Math.Max(1, Math.Min(mb, size / (1024 * 1024))) : mb;

    private static Measurement Measure(string name, double value, string unit, string device) =>
        new() { Name = name, Value = Math.Round(value, 3), Unit = unit, Device = device };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
