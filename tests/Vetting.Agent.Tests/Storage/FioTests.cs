using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Agent.Storage;
using Vetting.Agent.Tests.Support;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Storage;

public sealed class FioTests
{
    [Fact]
    public void Recorded_read_gives_bandwidth_in_decimal_megabytes()
    {
        var report = FioParser.Parse(Testdata.Read("fio-read.json"))!;

        var job = Assert.Single(report.Jobs);
        Assert.Equal(("read", 0, 67108864L), (job.Name, job.Error, job.ReadBytes));
        Assert.Equal(1398.1, report.ReadMegabytesPerSecond, 0.1);
    }

    [Fact]
    public void Recorded_write_verify_reports_both_phases()
    {
        var job = Assert.Single(FioParser.Parse(Testdata.Read("fio-write-verify.json"))!.Jobs);

        Assert.Equal(33554432, job.WriteBytes);
        Assert.Equal(33554432, job.ReadBytes);
    }

    [Fact]
    public void Error_lines_printed_before_the_json_are_skipped()
    {
        var job = Assert.Single(FioParser.Parse(Testdata.Read("fio-read-nofile.json"))!.Jobs);

        Assert.Equal(2, job.Error);
    }

    [Fact]
    public void A_clean_run_is_clean()
    {
        Assert.True(FioJudgement.Judge(new ToolResult(0, Testdata.Read("fio-read.json"), ""), "sdb").Clean);
    }

    [Fact]
    public void Eio_in_the_json_is_an_io_error_even_with_exit_code_0()
    {
        var finding = FioJudgement.Judge(new ToolResult(0, Testdata.Read("fio-read-eio.json"), ""), "sdb");

        Assert.Equal(AgentFailureReasons.IoErrors, finding.Reason);
        Assert.Equal("sdb: I/O errors (fio: io_u error on file /dev/sdb: Input/output error: read offset=3145728, buflen=1048576)", finding.Problem);
    }

    [Fact]
    public void Errors_counted_under_continue_on_error_are_io_errors_although_error_is_0()
    {
        var finding = FioJudgement.Judge(new ToolResult(0, Testdata.Read("fio-read-continue-on-error.json"), ""), "sdb");

        Assert.Equal(AgentFailureReasons.IoErrors, finding.Reason);
        Assert.Contains("3 I/O errors counted", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_verify_failure_is_verify_errors()
    {
        var finding = FioJudgement.Judge(new ToolResult(1, Testdata.Read("fio-verify-failed.json"), Testdata.Read("fio-verify-failed.err")), "nvme0n1");

        Assert.Equal(FailureReasons.VerifyErrors, finding.Reason);
        Assert.Contains("crc32c: verify failed at file", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_tool_problem_not_a_disk_failure()
    {
        var finding = FioJudgement.Judge(new ToolResult(1, Testdata.Read("fio-read-nofile.json"), ""), "scratch");

        Assert.Null(finding.Reason);
        Assert.Contains("stopped with error 2", finding.ToolProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_without_json_is_a_tool_problem()
    {
        Assert.NotNull(FioJudgement.Judge(new ToolResult(1, "", "fio: unrecognized option '--readonly'"), "sdb").ToolProblem);
    }

    [Theory]
    [InlineData(false, false, false, "wipefs-blank.json", WipeProbeDecision.Run)]
    [InlineData(false, false, false, "wipefs-gpt.json", WipeProbeDecision.Refuse)]
    [InlineData(false, false, true, "wipefs-gpt.json", WipeProbeDecision.Run)]
    [InlineData(true, false, true, "wipefs-blank.json", WipeProbeDecision.Skip)]
    [InlineData(false, true, true, "wipefs-blank.json", WipeProbeDecision.Skip)]
    [InlineData(false, false, false, null, WipeProbeDecision.Refuse)]
    public void Wipe_probe_gate(bool bootMedia, bool mounted, bool allowDestructive, string? wipefs, WipeProbeDecision expected)
    {
        var target = new StorageTarget { Name = "sdb", Path = "/dev/sdb", IsBootMedia = bootMedia, IsMounted = mounted };
        var signatures = wipefs is null ? null : WipefsParser.Parse(Testdata.Read(wipefs));

        Assert.Equal(expected, WipeProbeGate.Decide(target, signatures, allowDestructive).Decision);
    }

    [Fact]
    public void The_refusal_names_the_disk_and_what_was_found()
    {
        var target = new StorageTarget { Name = "nvme0n1", Path = "/dev/nvme0n1" };

        Assert.Equal("nvme0n1 has a GPT partition table", WipeProbeGate.Decide(target, WipefsParser.Parse(Testdata.Read("wipefs-gpt.json")), false).Why);
    }
}
