using System.Globalization;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Cpu;

/// <summary>Everything the CPU stage observed, for <see cref="CpuVerdict"/>.</summary>
public sealed record CpuObservation
{
    public required ToolResult StressNg { get; init; }

    /// <summary>Null when stress-ng wrote no YAML file.</summary>
    public string? Yaml { get; init; }

    public required HealthCounters Before { get; init; }

    public required HealthCounters After { get; init; }

    /// <summary>Hottest reading during the run; null without sensors.</summary>
    public double? MaxTemperatureC { get; init; }

    public required int DurationSeconds { get; init; }
}

/// <summary>Judges a stress-ng CPU run from its log, metrics, throttle/EDAC/MCE counters and temperatures.</summary>
public static class CpuVerdict
{
    public const string MaxTempThreshold = ThresholdNames.MaxTempC;
    public const double DefaultMaxTempC = 90;

    public static StageResult Judge(CpuObservation observation, StageParameters parameters)
    {
        var tool = observation.StressNg;
        if (tool.Missing)
        {
            return StageOutcome.ToolMissing("stress-ng").Result;
        }

        var log = StressNgLogParser.Parse(tool.Stdout + "\n" + tool.Stderr);
        var metrics = StressNgMetrics.Parse(observation.Yaml);
        var verdict = new Verdict();
        if (log.HasFailures)
        {
            verdict.Fail(FailureReasons.VerifyErrors, log.Failures.Count > 0
                ? $"stress-ng reported {Plural(log.Failures.Count, "failure")}: {log.Failures[0]}"
                : "stress-ng reported an unsuccessful run");
        }
        else if (metrics.Count == 0 || (tool.ExitCode != 0 && !tool.TimedOut))
        {
            // Neither a failure in the log nor results: stress-ng itself did not work (bad flags, killed, OOM).
            return StageOutcome.Error(FailureReasons.ToolFailed,
                $"stress-ng exited with {tool.ExitCode}{(tool.TimedOut ? " after its time limit" : "")} without {(metrics.Count == 0 ? "metrics" : "reporting a failure")}: {tool.LastErrorLine()}").Result;
        }

        var delta = observation.After.Since(observation.Before);
        if (delta.ThrottleEvents is > 0 and var throttles)
        {
            verdict.Fail(FailureReasons.ThermalThrottle, $"{Plural(throttles, "new thermal-throttle event")} during the run");
        }

        var maxTemp = parameters.Threshold(MaxTempThreshold) ?? DefaultMaxTempC;
        if (observation.MaxTemperatureC is { } hottest)
        {
            verdict.Measure("max_temp", hottest, "C");
            if (hottest > maxTemp)
            {
                verdict.Fail(FailureReasons.TemperatureHigh, Invariant($"temperature reached {hottest:0.#} °C, above {maxTemp:0.#} °C"));
            }
        }
        else
        {
            verdict.Note("no temperature sensor");
        }

        EdacAndMce(verdict, delta);
        foreach (var stressor in metrics)
        {
            verdict.Measure($"{stressor.Stressor}_bogo_ops_per_s", stressor.BogoOpsPerSecondRealTime, "ops/s");
        }

        if (delta.ThrottleEvents is null)
        {
            verdict.Note("no thermal-throttle counters");
        }

        var passed = Invariant($"{observation.DurationSeconds} s of {string.Join(", ", metrics.Select(m => $"{m.Stressor} {m.BogoOpsPerSecondRealTime:0} ops/s"))}, no verify errors")
                     + (observation.MaxTemperatureC is { } t ? Invariant($", max {t:0.#} °C") : "");
        return verdict.ToResult(passed);
    }

    /// <summary>Shared with the memory stage: new EDAC errors and machine checks fail either.</summary>
    public static void EdacAndMce(Verdict verdict, HealthCounters delta)
    {
        if (delta.EdacUncorrected is > 0 || delta.EdacCorrected is > 0)
        {
            verdict.Fail(FailureReasons.EdacErrors, Invariant($"EDAC counted {delta.EdacCorrected ?? 0} corrected and {delta.EdacUncorrected ?? 0} uncorrected memory errors during the run"));
        }

        if (delta.MachineChecks is > 0 and var mces)
        {
            verdict.Fail(FailureReasons.MceErrors, $"{Plural(mces, "machine-check exception")} during the run");
        }

        if (delta.EdacCorrected is null)
        {
            verdict.Note("no EDAC counters");
        }
    }

    private static string Plural(long count, string noun) => Invariant($"{count} {noun}{(count == 1 ? "" : "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
