using System.Globalization;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Storage;

/// <summary>
/// Per disk except the boot media: SMART health and error counters, a non-destructive sequential read, and the
/// destructive write+verify wipe-probe where <see cref="WipeProbeGate"/> allows it. In local mode the same jobs
/// run on a size-bounded scratch file instead of block devices.
/// </summary>
public sealed class StorageStage : IStage
{
    public const int DefaultDurationSeconds = 30;
    public const int DefaultReadSizeMb = 256;
    public const int DefaultWipeProbeSizeMb = 64;
    public const string MinReadThreshold = ThresholdNames.MinSeqReadMbps;

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);

    public string Name => StageNames.Storage;

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var parameters = context.Parameters;
        var duration = parameters.DurationSeconds(DefaultDurationSeconds);
        var readMb = Math.Max(1, parameters.Int(StageParameters.ReadSizeMb) ?? DefaultReadSizeMb);
        var probeMb = Math.Max(1, parameters.Int(StageParameters.WipeProbeSizeMb) ?? DefaultWipeProbeSizeMb);

        var (targets, listProblem) = await TargetsAsync(context, Math.Max(readMb, probeMb), cancellationToken);
        if (targets is null)
        {
            return StageOutcome.Error(FailureReasons.ToolFailed, listProblem!);
        }

        var run = new StorageRun(context, parameters, duration, readMb, probeMb);
        try
        {
            for (var i = 0; i < targets.Count; i++)
            {
                context.Progress.Phase($"storage: {targets[i].Name} ({i + 1} of {targets.Count})", 100.0 * i / targets.Count, 100.0 * (i + 1) / targets.Count,
                    TimeSpan.FromSeconds(duration * 2 + 10));
                if (!await run.TestAsync(targets[i], cancellationToken))
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var scratch in targets.Where(t => t.IsScratchFile))
            {
                File.Delete(scratch.Path);
            }
        }

        return run.Outcome(targets.Count == 0 ? listProblem : null);
    }

    private static async Task<(IReadOnlyList<StorageTarget>? Targets, string? Problem)> TargetsAsync(StageContext context, long sizeMb, CancellationToken cancellationToken)
    {
        if (context.ScratchDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            return ([StorageTarget.Scratch(directory, sizeMb * 1024 * 1024)], null);
        }

        var lsblk = await context.Tools.RunAsync("lsblk", LsblkParser.Arguments, ProbeTimeout, cancellationToken);
        var devices = lsblk.Missing ? null : LsblkParser.Parse(lsblk.Stdout);
        if (devices is null)
        {
            return (null, $"cannot list disks: lsblk: {lsblk.LastErrorLine()}");
        }

        var disks = devices.Where(d => d.IsTestableDisk).Select(StorageTarget.FromDisk).ToList();
        var boot = disks.Where(d => d.IsBootMedia).Select(d => d.Name).ToList();
        var testable = disks.Where(d => !d.IsBootMedia).ToList();
        var note = testable.Count > 0 ? null
            : boot.Count > 0 ? $"no disks to test besides the boot media ({string.Join(", ", boot)})" : "no disks found";
        return (testable, note);
    }
}
