using Vetting.Agent.Tools;

namespace Vetting.Agent.Tests.Tools;

/// <summary>Real processes, all short and bounded: /bin/sh is on every machine the agent or its CI runs on.</summary>
public sealed class ProcessToolRunnerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Output_streams_and_exit_code_are_captured()
    {
        var result = await new ProcessToolRunner().RunAsync("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], Limit, CancellationToken.None);

        Assert.Equal((3, "out\n", "err\n", false, false), (result.ExitCode, result.Stdout, result.Stderr, result.Missing, result.TimedOut));
    }

    [Fact]
    public async Task A_missing_tool_is_reported_not_thrown()
    {
        var result = await new ProcessToolRunner().RunAsync("vetting-no-such-tool", [], Limit, CancellationToken.None);

        Assert.True(result.Missing);
        Assert.Equal(ToolResult.NotFoundExitCode, result.ExitCode);
    }

    [Fact]
    public async Task A_tool_running_past_its_timeout_is_killed_and_keeps_its_output()
    {
        var started = DateTime.UtcNow;

        var result = await new ProcessToolRunner().RunAsync("/bin/sh", ["-c", "echo partial; sleep 30"], TimeSpan.FromMilliseconds(500), CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal("partial\n", result.Stdout);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_daemon_left_holding_the_output_does_not_hang_the_agent()
    {
        // The child exits at once; its background "sleep 3" (which ends by itself) keeps stdout open, like a forking daemon.
        var started = DateTime.UtcNow;

        var result = await new ProcessToolRunner().RunAsync("/bin/sh", ["-c", "echo started; sleep 3 &"], TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Equal((0, "started\n"), (result.ExitCode, result.Stdout));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Cancellation_kills_the_tool_and_throws()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ProcessToolRunner().RunAsync("/bin/sh", ["-c", "sleep 30"], Limit, cancel.Token));
    }

    [Fact]
    public void Local_files_answer_null_for_unreadable_sysfs_values()
    {
        var files = new LocalSystemFiles();

        Assert.Null(files.ReadText("/sys/class/net/vetting-no-such-nic/speed"));
        Assert.Empty(files.List("/sys/class/vetting-no-such-class"));
        Assert.NotNull(files.ReadText("/proc/meminfo"));
    }
}
