using Vetting.Agent.Cpu;
using Vetting.Agent.Probes;
using Vetting.Agent.Tests.Support;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Cpu;

public sealed class CpuStageTests
{
    private const string StressNg = "stress-ng --cpu 0 --cpu-method all --matrix 0 --cache 0 --verify --metrics-brief --timeout 5s";
    private const string Parameters = """{"profile":"quick","durationSeconds":5,"thresholds":{"max_temp_c":85}}""";

    [Fact]
    public void Yaml_metrics_give_bogo_ops_per_stressor()
    {
        var metrics = StressNgMetrics.Parse(Testdata.Read("stress-ng-cpu.yaml"));

        Assert.Equal(["cpu", "matrix", "cache"], metrics.Select(m => m.Stressor));
        Assert.Equal(8342, metrics[0].BogoOps);
        Assert.Equal(1668.204873, metrics[0].BogoOpsPerSecondRealTime, 6);
    }

    [Fact]
    public void Log_of_a_clean_run_has_no_failures()
    {
        var log = StressNgLogParser.Parse(Testdata.Read("stress-ng-cpu.log"));

        Assert.False(log.HasFailures);
        Assert.True(log.Successful);
    }

    [Fact]
    public void Log_with_fail_lines_reports_each_failure()
    {
        var log = StressNgLogParser.Parse(Testdata.Read("stress-ng-cpu-verify-failed.log"));

        Assert.True(log.HasFailures);
        Assert.False(log.Successful);
        Assert.Equal("cpu: hamming error detected, sum of 65536 hamming codes not correct", log.Failures[0]);
    }

    [Fact]
    public void Newer_failed_summary_lines_count_as_failures()
    {
        Assert.True(StressNgLogParser.Parse("stress-ng: info:  [991] failed: 1: cpu (1)\nstress-ng: info:  [991] successful run completed in 5.00s").HasFailures);
        Assert.False(StressNgLogParser.Parse("stress-ng: info:  [991] failed: 0\n").HasFailures);
    }

    [Fact]
    public async Task A_clean_run_passes_with_bogo_ops_measurements_and_uploads_yaml_and_log()
    {
        var outcome = await RunAsync(Testdata.Read("stress-ng-cpu.log"), 0, Files());

        Assert.Equal(StageStatuses.Passed, outcome.Result.Status);
        Assert.Equal(["cpu_bogo_ops_per_s", "matrix_bogo_ops_per_s", "cache_bogo_ops_per_s"], outcome.Result.Measurements.Select(m => m.Name));
        Assert.Equal(["stress-ng-cpu.log", "stress-ng-cpu.yaml"], outcome.Artifacts.Select(a => a.Name));
        Assert.Contains("no temperature sensor", outcome.Result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_failures_fail_the_stage()
    {
        var outcome = await RunAsync(Testdata.Read("stress-ng-cpu-verify-failed.log"), 2, Files());

        Assert.Equal(StageStatuses.Failed, outcome.Result.Status);
        Assert.Equal(FailureReasons.VerifyErrors, outcome.Result.Failure!.Reason);
        Assert.Contains("hamming error detected", outcome.Result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_failures_fail_the_stage_even_when_stress_ng_exits_0()
    {
        var outcome = await RunAsync(Testdata.Read("stress-ng-cpu-verify-failed.log"), 0, Files());

        Assert.Equal(StageStatuses.Failed, outcome.Result.Status);
        Assert.Equal(FailureReasons.VerifyErrors, outcome.Result.Failure!.Reason);
    }

    [Fact]
    public async Task New_throttle_events_fail_with_thermal_throttle()
    {
        var files = Files().File("/sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count", "3\n");
        var tools = new FakeToolRunner().On("stress-ng", _ =>
            {
                files.File("/sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count", "5\n");
                return new ToolResult(0, Testdata.Read("stress-ng-cpu.log"), "");
            });

        var outcome = await new CpuStage().RunAsync(Contexts.For(tools, files, Parameters), CancellationToken.None);

        Assert.Equal(FailureReasons.ThermalThrottle, outcome.Result.Failure!.Reason);
        Assert.Equal("2 new thermal-throttle events during the run", outcome.Result.Failure.Message);
    }

    [Fact]
    public async Task A_temperature_above_the_spec_threshold_fails()
    {
        var files = Files().File("/sys/class/hwmon/hwmon0/temp1_input", "91500\n").File("/sys/class/thermal/thermal_zone0/temp", "45000\n");

        var outcome = await RunAsync(Testdata.Read("stress-ng-cpu.log"), 0, files);

        Assert.Equal(FailureReasons.TemperatureHigh, outcome.Result.Failure!.Reason);
        Assert.Equal("temperature reached 91.5 °C, above 85 °C", outcome.Result.Failure.Message);
        Assert.Contains(outcome.Result.Measurements, m => m.Name == "max_temp" && m.Value == 91.5);
    }

    [Fact]
    public async Task New_edac_and_machine_check_counts_fail()
    {
        var files = Files()
            .File("/sys/devices/system/edac/mc/mc0/ce_count", "0\n").File("/sys/devices/system/edac/mc/mc0/ue_count", "0\n")
            .File("/proc/interrupts", Testdata.Read("proc-interrupts-mce.txt").Replace("MCE:          0          2", "MCE:          0          0", StringComparison.Ordinal));
        var tools = new Support.FakeToolRunner().On("stress-ng", _ =>
        {
            files.File("/sys/devices/system/edac/mc/mc0/ce_count", "4\n").File("/proc/interrupts", Testdata.Read("proc-interrupts-mce.txt"));
            return new ToolResult(0, Testdata.Read("stress-ng-cpu.log"), "");
        });

        var result = (await new CpuStage().RunAsync(Contexts.For(tools, files, Parameters), CancellationToken.None)).Result;

        Assert.Equal(FailureReasons.EdacErrors, result.Failure!.Reason);
        Assert.Contains("2 machine-check exceptions during the run", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Machine_checks_are_summed_over_cpus()
    {
        Assert.Equal(3, HealthCounters.MachineCheckCount(Testdata.Read("proc-interrupts-mce.txt")));
        Assert.Null(HealthCounters.MachineCheckCount("           CPU0\n  0:  34  IO-APIC timer\n"));
    }

    [Fact]
    public async Task Missing_stress_ng_is_an_error_with_tool_missing()
    {
        var outcome = await new CpuStage().RunAsync(Contexts.For(new FakeToolRunner(), Files(), Parameters), CancellationToken.None);

        Assert.Equal(StageStatuses.Error, outcome.Result.Status);
        Assert.Equal(FailureReasons.ToolMissing, outcome.Result.Failure!.Reason);
    }

    [Fact]
    public async Task Stress_ng_failing_without_metrics_or_fail_lines_is_an_error_not_a_pass()
    {
        var tools = new FakeToolRunner().On("stress-ng", "", 1, "stress-ng: error: [12] invalid option --cpu-method");

        var outcome = await new CpuStage().RunAsync(Contexts.For(tools, Files(), Parameters), CancellationToken.None);

        Assert.Equal(StageStatuses.Error, outcome.Result.Status);
        Assert.Equal(FailureReasons.ToolFailed, outcome.Result.Failure!.Reason);
        Assert.Contains("invalid option", outcome.Result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stress_ng_is_asked_for_verified_metrics_over_the_profile_duration()
    {
        var tools = StressNgTools(Testdata.Read("stress-ng-cpu.log"), 0);

        await new CpuStage().RunAsync(Contexts.For(tools, Files(), Parameters), CancellationToken.None);

        Assert.Equal(StressNg + " --yaml /work/stress-ng-cpu.yaml", Assert.Single(tools.Calls));
    }

    private static FakeSystemFiles Files() => new FakeSystemFiles().File("/work/stress-ng-cpu.yaml", Testdata.Read("stress-ng-cpu.yaml"));

    private static FakeToolRunner StressNgTools(string log, int exitCode) => new FakeToolRunner().On("stress-ng", log, exitCode);

    private static Task<Stages.StageOutcome> RunAsync(string log, int exitCode, FakeSystemFiles files) =>
        new CpuStage().RunAsync(Contexts.For(StressNgTools(log, exitCode), files, Parameters), CancellationToken.None);
}
