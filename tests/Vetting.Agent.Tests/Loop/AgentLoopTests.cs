// Over 250 lines on purpose: the agent loop's behaviours (hello, polling, heartbeats, retries, hold, power-off)
// are tested against one fake transport and clock; splitting would repeat the harness set-up.
using Vetting.Agent.Loop;
using Vetting.Agent.Stages;
using Vetting.Agent.Tests.Support;
using Vetting.Agent.Transport;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Loop;

public sealed class AgentLoopTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Hello_then_poll_then_artifacts_before_the_result_then_stop_on_410()
    {
        var harness = new LoopHarness(Passing("inventory", StageArtifact.Text("inventory.json", "{}")));
        harness.Transport.Next(null).Next(LoopHarness.Stage("i1", "inventory"));

        var exitCode = await harness.RunAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal(["hello", "next", "next", "put inventory.json", "result i1", "next"], harness.Transport.Calls.Where(c => c != "heartbeat"));
        Assert.Equal(["inventory.json"], harness.Transport.Results["i1"].Artifacts);
        Assert.Equal(StageStatuses.Passed, harness.Transport.Results["i1"].Status);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_exponential_backoff_capped_at_60_s()
    {
        var harness = new LoopHarness();
        for (var i = 0; i < 8; i++)
        {
            harness.Transport.NextFails(new AgentTransportException("GET next: 503 Service Unavailable", 503));
        }

        harness.Transport.Next(null);

        Assert.Equal(0, await harness.RunAsync());
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], harness.Sleeps.Select(s => s.TotalSeconds));
        Assert.Equal(10, harness.Transport.Calls.Count(c => c == "next"));
    }

    [Fact]
    public async Task Network_errors_on_hello_are_retried()
    {
        var harness = new LoopHarness();
        harness.Transport.HelloFails(new AgentTransportException("connection refused")).HelloFails(new AgentTransportException("no route to host"));

        Assert.Equal(0, await harness.RunAsync());
        Assert.Equal(3, harness.Transport.Calls.Count(c => c == "hello"));
        Assert.Equal([1, 2], harness.Sleeps.Select(s => s.TotalSeconds));
    }

    [Fact]
    public async Task A_4xx_on_hello_is_not_retried_and_ends_the_agent_with_a_distinct_code()
    {
        var harness = new LoopHarness();
        harness.Transport.HelloFails(new AgentTransportException("POST hello: 403 Forbidden: this token belongs to another run", 403));

        Assert.Equal(AgentLoop.RejectedExitCode, await harness.RunAsync());
        Assert.Equal(["hello"], harness.Transport.Calls);
        Assert.Empty(harness.Sleeps);
    }

    [Fact]
    public async Task A_410_ends_the_agent_cleanly()
    {
        var harness = new LoopHarness();
        harness.Transport.NextFails(new RunEndedException("GET next: 410 Gone: run 7 has ended (Cancelled)"));

        Assert.Equal(0, await harness.RunAsync());
        Assert.Equal(["hello", "next"], harness.Transport.Calls);
    }

    [Fact]
    public async Task A_run_that_ends_while_the_hold_is_answered_still_powers_the_node_off()
    {
        // The operator released the hold before the agent's answer arrived: the answer is refused with 410, and the
        // workflow has already queued the power-off, which an ended run still hands out.
        var harness = new LoopHarness();
        harness.Transport.Next(LoopHarness.Kind("h", InstructionKinds.Hold, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq4 vetting-run-7"))
            .Next(LoopHarness.Kind("p", InstructionKinds.PowerOff));
        harness.Transport.ResultFailure = id => id == "h" ? new RunEndedException("POST result: 410 Gone: run 7 has ended (Failed)") : null;

        Assert.Equal(0, await harness.RunAsync());

        Assert.Equal(["hello", "next", "result h", "next"], harness.Transport.Calls.Where(c => c != "heartbeat"));
        Assert.Contains("poweroff -f", harness.Tools.Calls);
    }

    [Fact]
    public async Task Instructions_run_one_at_a_time()
    {
        var running = 0;
        var overlapped = false;
        var stage = new ScriptedStage("cpu", async (_, ct) =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref running);
            return Passed();
        });
        var harness = new LoopHarness(stage);
        harness.Transport.Next(LoopHarness.Stage("a", "cpu")).Next(LoopHarness.Stage("b", "cpu"));

        await harness.RunAsync();

        Assert.False(overlapped);
        Assert.Equal(["hello", "next", "result a", "next", "result b", "next"], harness.Transport.Calls.Where(c => c != "heartbeat"));
    }

    [Fact]
    public async Task A_long_stage_sends_heartbeats_with_its_progress()
    {
        LoopHarness harness = null!;
        var stage = new ScriptedStage("memory", async (context, ct) =>
        {
            context.Progress.Phase("memtester 1024 MB for up to 60 s", 0, 99, TimeSpan.FromSeconds(60));
            // The pump starts with the stage and may beat before this line ("starting"); wait for beats after it.
            var beatsBefore = harness.Transport.Heartbeats.Count;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(Bound);
            while (harness.Transport.Heartbeats.Count < beatsBefore + 3)
            {
                await Task.Delay(5, limit.Token);
            }

            return Passed();
        });
        harness = new LoopHarness(stage);
        harness.Transport.HeartbeatSeconds = 20;
        harness.Transport.Next(LoopHarness.Stage("m1", "memory"));

        await harness.RunAsync();

        var beats = harness.Transport.Heartbeats;
        Assert.All(beats, b => Assert.Equal("m1", b.InstructionId));
        Assert.All(beats, b => Assert.InRange(b.Percent!.Value, 0, 99));
        // Each message goes out once, when it changes: the phase, possibly after the tracker's initial "starting".
        var messages = beats.Select(b => b.Message).OfType<string>().ToList();
        Assert.True(messages is ["memtester 1024 MB for up to 60 s"] or ["starting", "memtester 1024 MB for up to 60 s"], string.Join(" | ", messages));
        Assert.Contains(TimeSpan.FromSeconds(20), harness.Sleeps);
        Assert.True(harness.Transport.Calls.ToList().IndexOf("heartbeat") < harness.Transport.Calls.ToList().IndexOf("result m1"));
    }

    [Fact]
    public async Task A_stage_that_throws_becomes_an_error_result_and_the_agent_goes_on()
    {
        var harness = new LoopHarness(
            new ScriptedStage("cpu", (_, _) => throw new InvalidOperationException("sensor table is corrupt")),
            Passing("memory"));
        harness.Transport.Next(LoopHarness.Stage("c", "cpu")).Next(LoopHarness.Stage("m", "memory"));

        await harness.RunAsync();

        var error = harness.Transport.Results["c"];
        Assert.Equal(StageStatuses.Error, error.Status);
        Assert.Equal("cpu stage crashed: InvalidOperationException: sensor table is corrupt", error.Failure!.Message);
        Assert.Equal(StageStatuses.Passed, harness.Transport.Results["m"].Status);
    }

    [Fact]
    public async Task A_failed_stage_is_reported_and_the_agent_keeps_polling()
    {
        var failing = new ScriptedStage("storage", (_, _) => Task.FromResult(new StageOutcome(new StageResult
        {
            Status = StageStatuses.Failed,
            Summary = "sdb has a GPT partition table",
            Failure = new StageFailure { Reason = FailureReasons.WipeProbeRefused, Message = "sdb has a GPT partition table" },
        }, [])));
        var harness = new LoopHarness(failing);
        harness.Transport.Next(LoopHarness.Stage("s", "storage")).Next(null);

        await harness.RunAsync();

        Assert.Equal(FailureReasons.WipeProbeRefused, harness.Transport.Results["s"].Failure!.Reason);
        Assert.Equal(3, harness.Transport.Calls.Count(c => c == "next"));
    }

    [Fact]
    public async Task An_unknown_stage_or_kind_is_answered_with_an_error()
    {
        var harness = new LoopHarness();
        harness.Transport.Next(LoopHarness.Stage("g", "gpu-burn")).Next(LoopHarness.Kind("k", "reboot"));

        await harness.RunAsync();

        Assert.Equal(AgentFailureReasons.Unsupported, harness.Transport.Results["g"].Failure!.Reason);
        Assert.Equal(AgentFailureReasons.Unsupported, harness.Transport.Results["k"].Failure!.Reason);
    }

    [Fact]
    public async Task A_refused_artifact_does_not_stop_the_result()
    {
        var harness = new LoopHarness(Passing("cpu", StageArtifact.Text("stress-ng-cpu.log", "log"), StageArtifact.Text("stress-ng-cpu.yaml", "yaml")));
        harness.Transport.ArtifactFailures["stress-ng-cpu.log"] = new AgentTransportException("PUT artifacts/stress-ng-cpu.log: 413 Payload too large", 413);
        harness.Transport.Next(LoopHarness.Stage("c", "cpu"));

        await harness.RunAsync();

        Assert.Equal(["stress-ng-cpu.yaml"], harness.Transport.Results["c"].Artifacts);
    }

    [Fact]
    public async Task A_stage_past_its_deadline_is_stopped_and_reported_as_timeout()
    {
        var harness = new LoopHarness(new ScriptedStage("cpu", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct); // ends only when the agent stops the stage
            return Passed();
        }))
        {
            MinimumStageTime = TimeSpan.FromMilliseconds(50),
        };
        harness.Transport.Next(LoopHarness.Stage("c", "cpu", deadline: DateTimeOffset.UtcNow.AddMinutes(-1)));

        await harness.RunAsync();

        Assert.Equal(FailureReasons.Timeout, harness.Transport.Results["c"].Failure!.Reason);
    }

    [Fact]
    public async Task A_deadline_years_away_does_not_break_the_stage()
    {
        var harness = new LoopHarness(Passing("cpu"));
        harness.Transport.Next(LoopHarness.Stage("c", "cpu", deadline: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        await harness.RunAsync();

        Assert.Equal(StageStatuses.Passed, harness.Transport.Results["c"].Status);
    }

    [Fact]
    public async Task A_stage_withdrawn_under_the_agent_is_stopped_and_the_poweroff_that_follows_is_collected()
    {
        var cancelled = false;
        var harness = new LoopHarness(new ScriptedStage("cpu", async (_, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct); // ends only when the agent stops the stage
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return Passed();
        }));
        harness.Transport.HeartbeatFailure = _ => new RunEndedException("POST heartbeat: 410 Gone: instruction 'c' was withdrawn");
        harness.Transport.Next(LoopHarness.Stage("c", "cpu")).Next(LoopHarness.Kind("p", InstructionKinds.PowerOff));

        Assert.Equal(0, await harness.RunAsync());
        Assert.True(cancelled);
        Assert.Empty(harness.Transport.Results);
        Assert.Equal(2, harness.Transport.Calls.Count(c => c == "next"));
        Assert.Equal(["poweroff -f"], harness.Tools.Calls);
    }

    [Fact]
    public void Hello_describes_the_machine()
    {
        var files = new FakeSystemFiles()
            .File("/proc/sys/kernel/random/boot_id", "24d294b6-a365-4b17-a355-8fb56d761323\n")
            .File("/proc/sys/kernel/hostname", "vm\n")
            .File("/proc/sys/kernel/osrelease", "6.1.0-26-amd64\n")
            .File("/sys/class/net/eth0/address", "02:FC:00:00:00:01\n").Directory("/sys/class/net/eth0/device")
            .File("/sys/class/net/lo/address", "00:00:00:00:00:00\n");

        var hello = new HostIdentity(files, new Uri("http://127.0.0.1:8080/")).Hello();

        Assert.Equal(("24d294b6-a365-4b17-a355-8fb56d761323", "vm", "6.1.0-26-amd64", "127.0.0.1"), (hello.BootId, hello.Hostname, hello.Kernel, hello.Ip));
        Assert.Equal(["02:fc:00:00:00:01"], hello.Macs);
        Assert.Equal(AgentVersion.Current, hello.AgentVersion);
    }

    private static ScriptedStage Passing(string name, params StageArtifact[] artifacts) =>
        new(name, (_, _) => Task.FromResult(new StageOutcome(new StageResult { Status = StageStatuses.Passed, Summary = "ok" }, artifacts)));

    private static StageOutcome Passed() => new(new StageResult { Status = StageStatuses.Passed, Summary = "ok" }, []);
}
