using System.Globalization;
using Vetting.Agent.Cpu;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Memory;

/// <summary>
/// Judges a memtester run from its printed FAILUREs, its exit bits and the EDAC/MCE counters, and says how much
/// of the memory it covered. Testing nothing is an error (the stage could not run), never a hardware failure.
/// </summary>
public static class MemoryVerdict
{
    // memtester's exit code is a bit mask: 0x01 allocation/lock trouble, 0x02 stuck address, 0x04 any other test.
    private const int StuckAddressBit = 0x02;
    private const int OtherTestBit = 0x04;

    public static StageResult Judge(ToolResult memtester, HealthCounters delta, MemoryPlan plan)
    {
        if (memtester.Missing)
        {
            return StageOutcome.ToolMissing("memtester").Result;
        }

        var report = MemtesterParser.Parse(memtester.Stdout, memtester.Stderr);
        var verdict = new Verdict();
        var requestedMb = plan.SizeMb;
        if (report.Failures.Count > 0)
        {
            var failed = report.TestsNotOk.Count > 0 ? $" in {string.Join(", ", report.TestsNotOk.Distinct())}" : "";
            verdict.Fail(FailureReasons.VerifyErrors,
                Invariant($"memtester reported {report.Failures.Count} FAILURE{(report.Failures.Count == 1 ? "" : "s")}{failed}: {report.Failures[0]}"));
        }
        else if (!memtester.TimedOut && (memtester.ExitCode & (StuckAddressBit | OtherTestBit)) != 0)
        {
            // The exit bits say a test failed though no FAILURE line made it into the output (e.g. it was cut off).
            verdict.Fail(FailureReasons.VerifyErrors, Invariant($"memtester exit status {memtester.ExitCode} reports a failed test"));
        }
        else if (report.TestsPassed == 0)
        {
            if (report.SetupProblem is { } setup)
            {
                return StageOutcome.Error(FailureReasons.ToolFailed, $"memtester tested nothing: {setup}").Result;
            }

            return memtester.TimedOut
                ? StageOutcome.Error(FailureReasons.Timeout, Invariant(
                    $"memtester tested nothing: no test over {requestedMb} MB finished within {plan.Budget.TotalSeconds:0} s; this says nothing about the memory: raise the profile's memory durationSeconds (or lower memoryMb)")).Result
                : StageOutcome.Error(FailureReasons.ToolFailed, $"memtester tested nothing: {memtester.LastErrorLine()}").Result;
        }

        CpuVerdict.EdacAndMce(verdict, delta);
        var tested = report.TestedMb ?? requestedMb;
        verdict.Measure("memory_tested", tested, "MB");
        verdict.Measure("memtester_tests_passed", report.TestsPassed, "tests");
        var coverage = plan.AvailableMb > 0 ? Math.Min(100, 100.0 * tested / plan.AvailableMb) : 0;
        verdict.Measure("memory_coverage", coverage, "%");
        if (report.TestedMb is { } got && got < requestedMb)
        {
            verdict.Note(Invariant($"memtester could only lock {got} of {requestedMb} MB"));
        }

        if (plan.CalibrationLoop is { } loop && requestedMb < plan.CapMb)
        {
            verdict.Note(Invariant(
                $"sized to the {plan.Budget.TotalSeconds:0} s budget: a {MemoryStage.CalibrationMb} MB loop took {loop.TotalSeconds:0.0} s; a longer profile tests up to {plan.CapMb} MB"));
        }

        var loops = report.Completed
            ? "1 full loop"
            : Invariant($"{report.TestsPassed} of {MemtesterParser.TestsPerLoop} tests before the {plan.Budget.TotalSeconds:0} s limit");
        return verdict.ToResult(Invariant($"memtester {tested} MB ({Percent(coverage)} of {plan.AvailableMb} MB available), {loops}, no errors"));
    }

    private static string Percent(double value) => value >= 10
        ? value.ToString("0", CultureInfo.InvariantCulture) + "%"
        : value.ToString("0.0#", CultureInfo.InvariantCulture) + "%";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
