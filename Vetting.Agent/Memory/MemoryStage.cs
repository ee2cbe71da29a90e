using System.Globalization;
using Vetting.Agent.Inventory;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Protocol;

namespace Vetting.Agent.Memory;

/// <summary>
/// Runs memtester over a share of the available memory for one loop or until the profile's duration is up,
/// whichever comes first (a full loop over tens of GB takes hours; the burn-in profile allows for that).
/// </summary>
public sealed class MemoryStage : IStage
{
    public const string LogArtifact = "memtester.log";
    public const int DefaultDurationSeconds = 60;
    public const int DefaultPercent = 50;

    // Left for the kernel, the agent and the live image's tmpfs so the OOM killer does not pick memtester.
    private const long ReserveMb = 256;
    private const long MinimumMb = 16;

    public string Name => StageNames.Memory;

    /// <summary>
    /// memoryPercent of MemAvailable, keeping <see cref="ReserveMb"/> free; an explicit memoryMb parameter (local
    /// runs on a shared machine) caps it.
    /// </summary>
    public static long SizeMb(long availableBytes, StageParameters parameters)
    {
        var percent = Math.Clamp(parameters.Int(StageParameters.MemoryPercent) ?? DefaultPercent, 1, 95);
        var availableMb = availableBytes / (1024 * 1024);
        var size = Math.Min(availableMb * percent / 100, availableMb - ReserveMb);
        if (parameters.Int(StageParameters.MemoryMb) is > 0 and var cap)
        {
            size = Math.Min(size, cap);
        }

        return Math.Max(MinimumMb, size);
    }

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var duration = context.Parameters.DurationSeconds(DefaultDurationSeconds);
        var meminfo = MemInfoParser.Parse(context.Files.ReadText("/proc/meminfo"));
        if (!meminfo.TryGetValue("MemAvailable", out var available))
        {
            return StageOutcome.Error(FailureReasons.ToolFailed, "/proc/meminfo has no MemAvailable");
        }

        var sizeMb = SizeMb(available, context.Parameters);
        var before = HealthCounters.Read(context.Files);
        context.Progress.Phase($"memtester {sizeMb} MB for up to {duration} s", 0, 99, TimeSpan.FromSeconds(duration));
        var result = await context.Tools.RunAsync("memtester", [sizeMb.ToString(CultureInfo.InvariantCulture) + "M", "1"],
            TimeSpan.FromSeconds(duration), cancellationToken);
        var delta = HealthCounters.Read(context.Files).Since(before);

        var log = result.Stdout + (string.IsNullOrEmpty(result.Stderr) ? "" : "\n--- stderr ---\n" + result.Stderr)
                  + (result.TimedOut ? $"\n--- stopped by the agent after {duration} s ---\n" : "");
        return new StageOutcome(MemoryVerdict.Judge(result, delta, sizeMb, duration), [StageArtifact.Text(LogArtifact, log)]);
    }
}
