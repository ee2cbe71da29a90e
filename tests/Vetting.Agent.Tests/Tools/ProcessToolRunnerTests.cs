using Microsoft.Extensions.Time.Testing;
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
        // The timeout runs on a fake clock, moved once the tool has printed: a busy machine cannot make it come first.
        var clock = new FakeTimeProvider();
        using var files = new ScratchFiles();
        var running = new ProcessToolRunner(clock).RunAsync("/bin/sh", ["-c", $"echo partial; : > {files.Path("printed")}; exec sleep 30"], TimeSpan.FromSeconds(5),
            CancellationToken.None);
        await files.WaitForFileAsync("printed");

        clock.Advance(TimeSpan.FromSeconds(5));
        var result = await running.WaitAsync(Limit, TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.Equal("partial\n", result.Stdout);
    }

    [Fact]
    public async Task A_daemon_left_holding_the_output_does_not_hang_the_agent()
    {
        // The child exits at once; its background "sleep 3" (which ends by itself) keeps stdout open, like a forking
        // daemon. The timeout (if EOF has not come first) falls once the child has exited, so its exit code is reported.
        var clock = new FakeTimeProvider();
        using var files = new ScratchFiles();
        var running = new ProcessToolRunner(clock).RunAsync("/bin/sh", ["-c", $"echo $$ > {files.Path("pid")}; echo started; sleep 3 &"], TimeSpan.FromSeconds(5),
            CancellationToken.None);
        var pid = int.Parse(await files.WaitForLineAsync("pid"), System.Globalization.CultureInfo.InvariantCulture);
        await files.WaitUntilAsync(() => !Directory.Exists($"/proc/{pid}"));

        clock.Advance(TimeSpan.FromSeconds(5));
        var result = await running.WaitAsync(Limit, TestContext.Current.CancellationToken);

        Assert.Equal((0, "started\n"), (result.ExitCode, result.Stdout));
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

/// <summary>A temporary folder for files a test's child process writes to tell the test how far it got.</summary>
internal sealed class ScratchFiles : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vetting-runner-").FullName;

    public string Path(string name) => System.IO.Path.Combine(_root, name);

    /// <summary>Waits (bounded) until <paramref name="name"/> exists.</summary>
    public Task WaitForFileAsync(string name) => WaitUntilAsync(() => File.Exists(Path(name)));

    /// <summary>Waits (bounded) until <paramref name="name"/> holds a whole line, and returns it.</summary>
    public async Task<string> WaitForLineAsync(string name)
    {
        var text = "";
        await WaitUntilAsync(() => File.Exists(Path(name)) && (text = File.ReadAllText(Path(name))).EndsWith('\n'));
        return text.Trim();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; 20 s only bound a hang, nothing waits for them to pass.</summary>
    public async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, bound.Token);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
