using System.Globalization;
using Vetting.Agent.Inventory;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Memory;

/// <summary>
/// Runs one memtester loop sized to finish within the profile's duration. memtester's speed varies by an order
/// of magnitude between machines (and a full loop over tens of GB takes hours), so the stage first times a loop
/// over <see cref="CalibrationMb"/> and sizes the real run from that, never beyond a share of the available memory.
/// A run cut off by the time limit still counts the tests that finished; one that tested nothing is an error.
/// </summary>
public sealed class MemoryStage : IStage
{
    public const string LogArtifact = "memtester.log";
    public const int DefaultDurationSeconds = 60;
    public const int DefaultPercent = 50;

    /// <summary>Size of the timed loop; it is tested like the rest and counts when it finds a fault.</summary>
    public const long CalibrationMb = 16;

    /// <summary>
    /// Share of the remaining time the sized loop is planned to take. memtester slows per MB once the buffer no
    /// longer fits the CPU caches (measured here: 0.26 s/MB at 16 MB, 0.36 s/MB at 128 MB), and a busy machine slows it
    /// further, so the plan leaves half the budget as margin.
    /// </summary>
    public const double PlannedShare = 0.5;

    // Left for the kernel, the agent and the live image's tmpfs so the OOM killer does not pick memtester.
    private const long ReserveMb = 256;
    private const long MinimumMb = 16;

    public string Name => StageNames.Memory;

    /// <summary>
    /// memoryPercent of MemAvailable, keeping <see cref="ReserveMb"/> free; an explicit memoryMb parameter (local
    /// runs on a shared machine) caps it. This is the most the stage may test; the time budget may allow less.
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

    /// <summary>The size one loop can cover in <paramref name="seconds"/> at the calibrated speed, within [16 MB, <paramref name="capMb"/>].</summary>
    public static long FitMb(TimeSpan calibrationLoop, TimeSpan seconds, long capMb)
    {
        var secondsPerMb = Math.Max(calibrationLoop.TotalSeconds, 0.001) / CalibrationMb;
        var fits = (long)Math.Floor(seconds.TotalSeconds * PlannedShare / secondsPerMb);
        return Math.Clamp(fits, MinimumMb, Math.Max(MinimumMb, capMb));
    }

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var budget = TimeSpan.FromSeconds(context.Parameters.DurationSeconds(DefaultDurationSeconds));
        var meminfo = MemInfoParser.Parse(context.Files.ReadText("/proc/meminfo"));
        if (!meminfo.TryGetValue("MemAvailable", out var available))
        {
            return StageOutcome.Error(FailureReasons.ToolFailed, "/proc/meminfo has no MemAvailable");
        }

        var capMb = SizeMb(available, context.Parameters);
        var before = HealthCounters.Read(context.Files);
        var started = context.Time.GetTimestamp();
        var plan = new MemoryPlan(capMb, available / (1024 * 1024), budget);
        var logs = new List<string>();
        StageOutcome Outcome(ToolResult memtester, MemoryPlan judged) => new(
            MemoryVerdict.Judge(memtester, HealthCounters.Read(context.Files).Since(before), judged),
            [StageArtifact.Text(LogArtifact, string.Join("\n", logs))]);

        var sizeMb = capMb;
        if (capMb > CalibrationMb)
        {
            context.Progress.Phase($"memtester {CalibrationMb} MB to time a loop (up to {capMb} MB in {budget.TotalSeconds:0} s)", 0, 10, budget * 0.1);
            var calibration = await RunMemtesterAsync(context, CalibrationMb, budget, cancellationToken);
            var loop = context.Time.GetElapsedTime(started);
            logs.Add(Log(calibration, budget, $"calibration loop over {CalibrationMb} MB"));
            var calibrated = MemtesterParser.Parse(calibration.Stdout, calibration.Stderr);
            if (calibration.Missing || !calibrated.Completed || calibrated.Failures.Count > 0 || calibrated.SetupProblem is not null)
            {
                // A fault, a setup problem or no time left: the calibration loop is the stage's evidence.
                return Outcome(calibration, plan with { SizeMb = CalibrationMb });
            }

            var remaining = budget - loop;
            if (remaining < loop * 2)
            {
                // No time for a larger loop than the one that just finished cleanly: that loop is the result.
                context.Log(Invariant($"memory: a {CalibrationMb} MB memtester loop took {loop.TotalSeconds:0.0} s of {budget.TotalSeconds:0} s; no time for a larger one"));
                return Outcome(calibration, plan with { SizeMb = CalibrationMb, CalibrationLoop = loop });
            }

            sizeMb = FitMb(loop, remaining, capMb);
            plan = plan with { CalibrationLoop = loop };
            context.Log(Invariant($"memory: a {CalibrationMb} MB memtester loop took {loop.TotalSeconds:0.0} s; testing {sizeMb} MB (at most {capMb} MB) in the {remaining.TotalSeconds:0} s left"));
        }

        var limit = budget - context.Time.GetElapsedTime(started);
        context.Progress.Phase($"memtester {sizeMb} MB for up to {Math.Max(1, limit.TotalSeconds):0} s", capMb > CalibrationMb ? 10 : 0, 99, limit);
        var result = await RunMemtesterAsync(context, sizeMb, limit, cancellationToken);
        logs.Add(Log(result, limit, $"memtester over {sizeMb} MB"));
        return Outcome(result, plan with { SizeMb = sizeMb });
    }

    private static Task<ToolResult> RunMemtesterAsync(StageContext context, long sizeMb, TimeSpan limit, CancellationToken cancellationToken) =>
        context.Tools.RunAsync("memtester", [sizeMb.ToString(CultureInfo.InvariantCulture) + "M", "1"],
            limit > TimeSpan.FromSeconds(1) ? limit : TimeSpan.FromSeconds(1), cancellationToken);

    private static string Log(ToolResult result, TimeSpan limit, string title) =>
        $"=== {title} ===\n" + result.Stdout + (string.IsNullOrEmpty(result.Stderr) ? "" : "\n--- stderr ---\n" + result.Stderr)
        + (result.TimedOut ? Invariant($"\n--- stopped by the agent after {limit.TotalSeconds:0} s ---\n") : "");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>How the memory stage sized its run: what it tested, the most it could have, and the time it had.</summary>
/// <param name="SizeMb">What the judged memtester run was asked to test.</param>
/// <param name="CapMb">The most the stage would test (memoryPercent of MemAvailable, memoryMb).</param>
/// <param name="AvailableMb">MemAvailable when the stage started.</param>
/// <param name="Budget">The profile's durationSeconds.</param>
public sealed record MemoryPlan(long CapMb, long AvailableMb, TimeSpan Budget)
{
    public long SizeMb { get; init; } = CapMb;

    /// <summary>The timed loop over <see cref="MemoryStage.CalibrationMb"/>; null when the run was small enough to need none.</summary>
    public TimeSpan? CalibrationLoop { get; init; }
}
