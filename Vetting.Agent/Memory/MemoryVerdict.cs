using System.Globalization;
using Vetting.Agent.Cpu;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Memory;

/// <summary>Judges a memtester run from its printed FAILUREs, its exit bits and the EDAC/MCE counters.</summary>
public static class MemoryVerdict
{
    // memtester's exit code is a bit mask: 0x01 allocation/lock trouble, 0x02 stuck address, 0x04 any other test.
    private const int StuckAddressBit = 0x02;
    private const int OtherTestBit = 0x04;

    public static StageResult Judge(ToolResult memtester, HealthCounters delta, long requestedMb, int durationSeconds)
    {
        if (memtester.Missing)
        {
            return StageOutcome.ToolMissing("memtester").Result;
        }

        var report = MemtesterParser.Parse(memtester.Stdout, memtester.Stderr);
        var verdict = new Verdict();
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
            var why = report.SetupProblem ?? (memtester.TimedOut ? $"no test finished within {durationSeconds} s" : memtester.LastErrorLine());
            return StageOutcome.Error(memtester.TimedOut ? FailureReasons.Timeout : FailureReasons.ToolFailed, $"memtester tested nothing: {why}").Result;
        }

        CpuVerdict.EdacAndMce(verdict, delta);
        var tested = report.TestedMb ?? requestedMb;
        verdict.Measure("memory_tested", tested, "MB");
        verdict.Measure("memtester_tests_passed", report.TestsPassed, "tests");
        if (report.TestedMb is { } got && got < requestedMb)
        {
            verdict.Note(Invariant($"memtester could only lock {got} of {requestedMb} MB"));
        }

        var coverage = report.Completed
            ? "1 full loop"
            : Invariant($"{report.TestsPassed} of {MemtesterParser.TestsPerLoop} tests before the {durationSeconds} s limit");
        return verdict.ToResult(Invariant($"memtester {tested} MB, {coverage}, no errors"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
