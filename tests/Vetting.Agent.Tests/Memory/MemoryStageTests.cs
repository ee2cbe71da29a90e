using Microsoft.Extensions.Time.Testing;
using Vetting.Agent.Memory;
using Vetting.Agent.Stages;
using Vetting.Agent.Tests.Support;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Memory;

public sealed class MemoryStageTests
{
    private const string Parameters = """{"profile":"quick","durationSeconds":60,"memoryPercent":50,"memoryMb":16}""";

    [Fact]
    public void Recorded_run_renders_backspace_progress_and_passes_all_tests()
    {
        var report = MemtesterParser.Parse(Testdata.Read("memtester-16M.log"), "");

        Assert.Empty(report.Failures);
        Assert.Equal(MemtesterParser.TestsPerLoop, report.TestsPassed);
        Assert.Empty(report.TestsNotOk);
        Assert.Equal(16, report.TestedMb);
        Assert.True(report.Completed);
    }

    [Fact]
    public void Failure_lines_are_found_with_their_tests()
    {
        var report = MemtesterParser.Parse(Testdata.Read("memtester-failure.log"), "");

        Assert.Equal(2, report.Failures.Count);
        Assert.Equal("FAILURE: 0x2c2b5c7f9d04a1e3 != 0x2c2b5c7f9d04a1e7 at offset 0x00a0f3c8.", report.Failures[0]);
        Assert.Equal(["Compare XOR", "Compare SUB"], report.TestsNotOk);
        Assert.Equal(16, report.TestsPassed);
    }

    [Fact]
    public void Failures_on_a_separate_stderr_still_count_and_name_the_test()
    {
        var stdout = "want 64MB (67108864 bytes)\ngot  64MB (67108864 bytes), trying mlock ...locked.\nLoop 1/1:\n  Stuck Address       : ok\n  Random Value        : ok\n  Compare XOR         :   Compare SUB         : ok\n";
        var stderr = "FAILURE: 0x00000000ffffffff != 0x00000000fffffffe at offset 0x00001000.\n";

        var report = MemtesterParser.Parse(stdout, stderr);

        Assert.Single(report.Failures);
        Assert.Equal(["Compare XOR"], report.TestsNotOk);
        Assert.False(report.Completed);
    }

    [Fact]
    public async Task A_clean_run_passes_and_uploads_the_log()
    {
        var outcome = await RunAsync(new ToolResult(0, Testdata.Read("memtester-16M.log"), ""));

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Equal("memtester 16 MB (0.07% of 23738 MB available), 1 full loop, no errors (no EDAC counters)", outcome.Result.Summary);
        Assert.Contains(outcome.Result.Measurements, m => m.Name == "memory_tested" && m.Value == 16 && m.Unit == "MB");
        Assert.Equal("memtester.log", Assert.Single(outcome.Artifacts).Name);
    }

    [Fact]
    public async Task Failure_lines_fail_the_stage()
    {
        var outcome = await RunAsync(new ToolResult(4, Testdata.Read("memtester-failure.log"), ""));

        Assert.Equal(StageStatuses.Failed, outcome.Result.Status);
        Assert.Equal(FailureReasons.VerifyErrors, outcome.Result.Failure!.Reason);
        Assert.StartsWith("memtester reported 2 FAILUREs in Compare XOR, Compare SUB: FAILURE: 0x2c2b", outcome.Result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_lines_fail_the_stage_even_when_memtester_exits_0()
    {
        var outcome = await RunAsync(new ToolResult(0, Testdata.Read("memtester-failure.log"), ""));

        Assert.Equal(FailureReasons.VerifyErrors, outcome.Result.Failure!.Reason);
    }

    [Fact]
    public async Task Exit_bits_reporting_a_failed_test_fail_even_without_failure_text()
    {
        var outcome = await RunAsync(new ToolResult(4, Testdata.Read("memtester-16M.log"), ""));

        Assert.Equal(FailureReasons.VerifyErrors, outcome.Result.Failure!.Reason);
        Assert.Equal("memtester exit status 4 reports a failed test", outcome.Result.Failure.Message);
    }

    [Fact]
    public async Task Stopping_at_the_duration_after_some_clean_tests_passes_and_says_how_far_it_got()
    {
        var partial = string.Join('\n', Testdata.Read("memtester-16M.log").Split('\n').Take(14));

        var outcome = await RunAsync(new ToolResult(-1, partial, "") { TimedOut = true });

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Contains("5 of 18 tests before the 60 s limit", outcome.Result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Testing_nothing_is_an_error_not_a_pass()
    {
        var outcome = await RunAsync(new ToolResult(1, "want 16MB (16777216 bytes)\n", "memtester: failed to allocate 16777216 bytes\n"));

        Assert.Equal(StageStatuses.Error, outcome.Result.Status);
        Assert.Contains("failed to allocate", outcome.Result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_memtester_is_tool_missing()
    {
        var outcome = await new MemoryStage().RunAsync(Contexts.For(new FakeToolRunner(), Files(), Parameters), CancellationToken.None);

        Assert.Equal((StageStatuses.Error, FailureReasons.ToolMissing), (outcome.Result.Status, outcome.Result.Failure!.Reason));
    }

    [Fact]
    public async Task Memtester_gets_the_size_one_loop_and_the_duration_as_its_limit()
    {
        var tools = new FakeToolRunner().On("memtester", Testdata.Read("memtester-16M.log"));

        await new MemoryStage().RunAsync(Contexts.For(tools, Files(), Parameters), CancellationToken.None);

        Assert.Equal("memtester 16M 1", Assert.Single(tools.Calls));
    }

    [Theory]
    [InlineData(24L << 30, """{"memoryPercent":85}""", 20889)]
    [InlineData(24L << 30, """{}""", 12288)]
    [InlineData(512L << 20, """{"memoryPercent":90}""", 256)]
    [InlineData(100L << 20, """{"memoryPercent":90}""", 16)]
    [InlineData(24L << 30, """{"memoryPercent":85,"memoryMb":64}""", 64)]
    public void Size_is_a_share_of_available_memory_leaving_a_reserve(long available, string parameters, long expectedMb)
    {
        Assert.Equal(expectedMb, MemoryStage.SizeMb(available, new StageParameters((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(parameters)!)));
    }

    [Fact]
    public async Task A_timed_loop_sizes_the_run_to_the_budget_and_the_report_says_so()
    {
        var time = new FakeTimeProvider();
        var tools = new FakeToolRunner()
            .On("memtester 16M 1", _ => Advance(time, TimeSpan.FromSeconds(4), new ToolResult(0, Testdata.Read("memtester-16M.log"), "")))
            .On("memtester", _ => Advance(time, TimeSpan.FromSeconds(30), new ToolResult(0, Testdata.Read("memtester-16M.log").Replace("16MB", "112MB", StringComparison.Ordinal), "")));

        var outcome = await new MemoryStage().RunAsync(Contexts.For(tools, Files(), """{"durationSeconds":60,"memoryPercent":50}""", time: time), CancellationToken.None);

        // 4 s for 16 MB leaves 56 s; half of it at 0.25 s/MB is 112 MB, far below the 11869 MB that memoryPercent allows.
        Assert.Equal(["memtester 16M 1", "memtester 112M 1"], tools.Calls);
        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.StartsWith("memtester 112 MB (0.47% of 23738 MB available), 1 full loop, no errors", outcome.Result.Summary, StringComparison.Ordinal);
        Assert.Contains("a 16 MB loop took 4.0 s; a longer profile tests up to 11869 MB", outcome.Result.Summary, StringComparison.Ordinal);
        Assert.Contains(outcome.Result.Measurements, m => m.Name == "memory_coverage" && m.Value == 0.472 && m.Unit == "%");
        var log = Assert.Single(outcome.Artifacts);
        Assert.Contains("=== calibration loop over 16 MB ===", System.Text.Encoding.UTF8.GetString(log.Content.Span), StringComparison.Ordinal);
        Assert.Contains("=== memtester over 112 MB ===", System.Text.Encoding.UTF8.GetString(log.Content.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fault_in_the_timed_loop_fails_the_stage_without_a_second_run()
    {
        var tools = new FakeToolRunner().On("memtester 16M 1", Testdata.Read("memtester-failure.log"), exitCode: 4);

        var outcome = await new MemoryStage().RunAsync(Contexts.For(tools, Files(), """{"durationSeconds":60}"""), CancellationToken.None);

        Assert.Equal((StageStatuses.Failed, FailureReasons.VerifyErrors), (outcome.Result.Status, outcome.Result.Failure!.Reason));
        Assert.Single(tools.Calls);
    }

    [Fact]
    public async Task A_loop_that_finishes_nothing_in_time_is_an_error_with_advice_not_a_memory_fault()
    {
        var time = new FakeTimeProvider();
        var tools = new FakeToolRunner().On("memtester", _ => Advance(time, TimeSpan.FromSeconds(60),
            new ToolResult(-1, "want 16MB (16777216 bytes)\ngot  16MB (16777216 bytes), trying mlock ...locked.\nLoop 1/1:\n  Stuck Address       : testing   3", "") { TimedOut = true }));

        var outcome = await new MemoryStage().RunAsync(Contexts.For(tools, Files(), """{"durationSeconds":60}""", time: time), CancellationToken.None);

        Assert.Equal((StageStatuses.Error, FailureReasons.Timeout), (outcome.Result.Status, outcome.Result.Failure!.Reason));
        Assert.Contains("no test over 16 MB finished within 60 s; this says nothing about the memory: raise the profile's memory durationSeconds",
            outcome.Result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_timed_loop_with_no_time_left_for_more_is_the_result()
    {
        var time = new FakeTimeProvider();
        var tools = new FakeToolRunner().On("memtester", _ => Advance(time, TimeSpan.FromSeconds(25), new ToolResult(0, Testdata.Read("memtester-16M.log"), "")));

        var outcome = await new MemoryStage().RunAsync(Contexts.For(tools, Files(), """{"durationSeconds":60}""", time: time), CancellationToken.None);

        Assert.Single(tools.Calls);
        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.StartsWith("memtester 16 MB", outcome.Result.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4.0, 56, 100000, 112)]
    [InlineData(4.0, 56, 64, 64)]
    [InlineData(40.0, 10, 100000, 16)]
    [InlineData(0.0, 3600, 2048, 2048)]
    public void The_planned_size_fits_half_the_time_left_at_the_measured_speed(double loopSeconds, int leftSeconds, long capMb, long expectedMb)
    {
        Assert.Equal(expectedMb, MemoryStage.FitMb(TimeSpan.FromSeconds(loopSeconds), TimeSpan.FromSeconds(leftSeconds), capMb));
    }

    private static ToolResult Advance(FakeTimeProvider time, TimeSpan by, ToolResult result)
    {
        time.Advance(by);
        return result;
    }

    private static FakeSystemFiles Files() => new FakeSystemFiles().File("/proc/meminfo", Testdata.Read("meminfo.txt"));

    private static Task<StageOutcome> RunAsync(ToolResult memtester) =>
        new MemoryStage().RunAsync(Contexts.For(new FakeToolRunner().On("memtester", _ => memtester), Files(), Parameters), CancellationToken.None);
}
