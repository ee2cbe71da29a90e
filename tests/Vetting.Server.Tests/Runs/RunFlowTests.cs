// Over 250 lines on purpose: each test is one whole run through the real workflow with a simulated agent; they
// share one harness and read as the story of a run (pass, fail, hold, override, cancel, timeouts).
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Protocol;
using Vetting.Server.Data;
using Vetting.Server.Hosts;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Runs;

/// <summary>Whole runs through the real server, driven by a simulated agent over HTTP.</summary>
public sealed class RunFlowTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_healthy_node_passes_and_every_state_is_announced_over_SSE()
    {
        var client = _app.CreateClient();
        using var events = await SseRecorder.StartAsync(_app.CreateClient());
        var hostId = await _app.CreateHostAsync(client);
        var runId = await VettingApp.StartRunAsync(client, hostId);
        // The scheduler commits WaitingWoL in the background: the node boots once that is announced, as a page would
        // show it (a commit read over REST may not be announced yet, and a later one never goes out before it).
        Assert.Equal(["Queued", "WaitingWoL"], await events.StatesOfAsync(runId, until: "WaitingWoL"));
        var agent = new SimulatedAgent(client, "52-54-00-12-34-56");

        var script = await agent.BootAsync();
        Assert.Equal(runId, agent.RunId);
        Assert.Contains("vetting.orchestrator=http://localhost", script, StringComparison.Ordinal);
        await VettingApp.WaitForStateAsync(client, runId, "Booting");
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        var last = await agent.RunStagesAsync();

        Assert.Equal(InstructionKinds.PowerOff, last.Kind);
        var run = await VettingApp.WaitForStateAsync(client, runId, "Passed");
        Assert.Equal(["inventory", "cpu", "memory", "storage", "network"], run.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.All(run.GetProperty("stages").EnumerateArray(), s => Assert.Equal("passed", s.GetProperty("status").GetString()));
        Assert.Equal(0, run.GetProperty("specDiffs").GetArrayLength());
        Assert.Equal(5, run.GetProperty("measurements").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("failure").ValueKind);
        Assert.Equal(1, run.GetProperty("workflow").GetProperty("version").GetInt32());

        var states = await events.StatesOfAsync(runId, until: "Passed");
        Assert.Equal(["Queued", "WaitingWoL", "Booting", "Inventory", "Cpu", "Memory", "Storage", "Network", "Reporting", "Passed"], states);

        var report = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/report.json");
        Assert.Equal("passed", report.GetProperty("verdict").GetString());
        var html = await client.GetStringAsync($"/api/v1/runs/{runId}/report.html");
        Assert.Contains("node-1", html, StringComparison.Ordinal);
        var artifacts = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/artifacts");
        Assert.Contains(artifacts.EnumerateArray(), a => a.GetProperty("name").GetString() == "cpu.log");
        Assert.Equal("raw output of cpu.log\n", await client.GetStringAsync($"/api/v1/runs/{runId}/artifacts/cpu.log"));
        var log = await client.GetStringAsync($"/api/v1/runs/{runId}/log?tail=500");
        Assert.Contains("state Network → Reporting", log, StringComparison.Ordinal);

        using var after = await agent.SendAsync(HttpMethod.Get, "next?waitSeconds=0");
        Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
    }

    [Fact]
    public async Task A_host_spec_stored_with_a_threshold_no_stage_reads_still_passes_and_the_report_says_it_was_ignored()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);
        // Saved by a version that accepted any snake_case threshold name; the API refuses it now.
        const string stored = "memory: { total_gib: 4 }\ncpu: { logical_cores: 4 }\nthresholds:\n  memory: { max_edac_ce: 0 }\n  cpu: { max_temp_c: 85 }\n";
        using (var refused = await client.PutAsJsonAsync($"/api/v1/hosts/{hostId}", new { name = "node-1", mac = "52:54:00:12:34:56", wolBroadcast = "127.0.0.1", expectedSpec = stored }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        await _app.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<VettingDbContext>();
            (await db.Hosts.SingleAsync(h => h.Id == hostId)).ExpectedSpec = stored;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(1, await StoredSpecCheck.WarnAsync(_app.Services));
        var (runId, instructions) = await PassRecordingInstructionsAsync(client, hostId);

        var run = await VettingApp.WaitForStateAsync(client, runId, "Passed");
        var diff = Assert.Single(run.GetProperty("specDiffs").EnumerateArray());
        Assert.Equal(("thresholds.memory.max_edac_ce", "warn"), (diff.GetProperty("path").GetString(), diff.GetProperty("severity").GetString()));
        Assert.Equal("0 (ignored; edit the host's spec)", diff.GetProperty("actual").GetString());
        var cpu = instructions.Single(i => i.Stage == "cpu");
        Assert.Equal(85, cpu.Parameters["thresholds"]!["max_temp_c"]!.GetValue<double>());
        Assert.Empty(instructions.Single(i => i.Stage == "memory").Parameters["thresholds"]!.AsObject());
    }

    [Fact]
    public async Task A_nic_entry_threshold_reaches_the_network_stage_for_the_nic_it_matched_in_the_inventory()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client,
            spec: "memory: { total_gib: 4 }\nnics:\n  - { mac: '52:54:00:12:34:56', min_throughput_mbps: 200 }\nthresholds:\n  network: { min_throughput_pct: 50 }\n");
        var (runId, instructions) = await PassRecordingInstructionsAsync(client, hostId);

        await VettingApp.WaitForStateAsync(client, runId, "Passed");
        var network = instructions.Single(i => i.Stage == "network").Parameters;
        Assert.Equal(50, network["thresholds"]!["min_throughput_pct"]!.GetValue<double>());
        var entry = Assert.Single(network["nicThresholds"]!.AsArray())!;
        Assert.Equal(("52:54:00:12:34:56", "nics[0]", 200d), (entry["mac"]!.GetValue<string>(), entry["source"]!.GetValue<string>(),
            entry["thresholds"]!["min_throughput_mbps"]!.GetValue<double>()));
        Assert.Null(instructions.Single(i => i.Stage == "cpu").Parameters["nicThresholds"]);
    }

    [Fact]
    public async Task A_spec_mismatch_fails_the_run_holds_the_node_and_names_the_diff()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client, spec: "cpu: { logical_cores: 16 }\nmemory: { total_gib: 4 }\n");
        var runId = await VettingApp.StartRunAsync(client, hostId);
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "525400123456");
        await agent.BootAsync();
        await agent.HelloAsync();

        var hold = await agent.RunStagesAsync();

        Assert.Equal(InstructionKinds.Hold, hold.Kind);
        Assert.StartsWith("ssh-ed25519 ", hold.SshPublicKey, StringComparison.Ordinal);
        var run = await VettingApp.WaitForStateAsync(client, runId, "FailedHolding");
        var diff = Assert.Single(run.GetProperty("specDiffs").EnumerateArray());
        Assert.Equal(("cpu.logical_cores", "16", "4", "fail"), (diff.GetProperty("path").GetString(), diff.GetProperty("expected").GetString(),
            diff.GetProperty("actual").GetString(), diff.GetProperty("severity").GetString()));
        Assert.Equal("spec-mismatch", run.GetProperty("failure").GetProperty("reason").GetString());
        Assert.Equal(["inventory"], run.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/report.json");
        Assert.Equal("cpu.logical_cores", report.GetProperty("specDiffs")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_failed_stage_holds_the_node_with_a_per_run_key_and_ssh_command()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);
        var runId = await VettingApp.StartRunAsync(client, hostId);
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "52:54:00:12:34:56")
        {
            OnStage = i => i.Stage == "memory" ? SimulatedAgent.Results.Fail("verify-errors", "memtester: 2 FAILURE lines at 0x7f3a…") : SimulatedAgent.Results.Pass(i.Stage!),
        };
        await agent.BootAsync();
        await agent.HelloAsync();

        var hold = await agent.RunStagesAsync();

        Assert.Equal(InstructionKinds.Hold, hold.Kind);
        var run = await VettingApp.WaitForStateAsync(client, runId, "FailedHolding");
        Assert.Equal(("memory", "verify-errors"), (run.GetProperty("failure").GetProperty("stage").GetString(), run.GetProperty("failure").GetProperty("reason").GetString()));
        var holdInfo = run.GetProperty("hold");
        Assert.Equal("10.77.0.50", holdInfo.GetProperty("ip").GetString());
        var keyPath = Path.Combine(_app.DataDir, "holds", $"run-{runId}", "id_ed25519");
        Assert.Equal($"ssh -i {keyPath} -o StrictHostKeyChecking=no -- root@10.77.0.50", holdInfo.GetProperty("sshCommand").GetString());
        Assert.Equal(hold.SshPublicKey, holdInfo.GetProperty("publicKey").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        Assert.Equal(hold.SshPublicKey + "\n", await client.GetStringAsync($"/api/v1/runs/{runId}/artifacts/hold-{runId}.pub"));
        Assert.DoesNotContain("PRIVATE KEY", await client.GetStringAsync($"/api/v1/runs/{runId}/report.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wipe_probe_refused_then_override_reruns_storage_destructively_and_passes()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);
        var runId = await VettingApp.StartRunAsync(client, hostId);
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "52:54:00:12:34:56");
        agent.OnStage = i => i.Stage == "storage" && i.Parameters["allowDestructive"]?.GetValue<bool>() != true
            ? SimulatedAgent.Results.Fail("wipe-probe-refused", "vda has a GPT partition table")
            : SimulatedAgent.Results.Pass(i.Stage!);
        await agent.BootAsync();
        await agent.HelloAsync();
        Assert.Equal(InstructionKinds.Hold, (await agent.RunStagesAsync()).Kind);
        await VettingApp.WaitForStateAsync(client, runId, "FailedHolding");

        using var overridden = await client.PostAsync($"/api/v1/runs/{runId}/override-wipe-probe", null);
        Assert.Equal(HttpStatusCode.Accepted, overridden.StatusCode);
        var last = await agent.RunStagesAsync();

        Assert.Equal(InstructionKinds.PowerOff, last.Kind);
        var run = await VettingApp.WaitForStateAsync(client, runId, "Passed");
        var storage = run.GetProperty("stages").EnumerateArray().Where(s => s.GetProperty("name").GetString() == "storage").ToList();
        Assert.Equal([("failed", 1), ("passed", 2)], storage.Select(s => (s.GetProperty("status").GetString(), s.GetProperty("attempt").GetInt32())));
        Assert.Equal("network", run.GetProperty("stages").EnumerateArray().Last().GetProperty("name").GetString());
        Assert.True(agent.Received.Last(i => i.Stage == "storage").Parameters["allowDestructive"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Override_is_refused_unless_the_storage_stage_failed_on_the_wipe_probe()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);
        var runId = await VettingApp.StartRunAsync(client, hostId);
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "52:54:00:12:34:56") { OnStage = i => SimulatedAgent.Results.Fail("smart-failed", "vda: SMART overall-health FAILED") };

        using var early = await client.PostAsync($"/api/v1/runs/{runId}/override-wipe-probe", null);
        await agent.BootAsync();
        await agent.HelloAsync();
        await agent.RunStagesAsync();
        await VettingApp.WaitForStateAsync(client, runId, "FailedHolding");
        using var wrongStage = await client.PostAsync($"/api/v1/runs/{runId}/override-wipe-probe", null);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, wrongStage.StatusCode);
        Assert.Contains("wipe-probe-refused", await wrongStage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_ends_a_hold_as_Failed_and_powers_the_node_off()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);
        var runId = await VettingApp.StartRunAsync(client, hostId);
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "52:54:00:12:34:56") { OnStage = i => SimulatedAgent.Results.Fail("thermal-throttle", "cpu0 throttled 12 times") };
        await agent.BootAsync();
        await agent.HelloAsync();
        await agent.RunStagesAsync();
        await VettingApp.WaitForStateAsync(client, runId, "FailedHolding");

        using var released = await client.PostAsync($"/api/v1/runs/{runId}/release", null);

        Assert.Equal(HttpStatusCode.Accepted, released.StatusCode);
        Assert.Equal(InstructionKinds.PowerOff, (await agent.WaitForInstructionAsync()).Kind);
        var run = await VettingApp.WaitForStateAsync(client, runId, "Failed");
        Assert.Equal("thermal-throttle", run.GetProperty("failure").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("hold").ValueKind);
        using var again = await client.PostAsync($"/api/v1/runs/{runId}/release", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData(true, "orchestrator: hold ready: holding for SSH: ssh root@10.77.0.50 (key installed in /root/.ssh/authorized_keys, sshd started)")]
    [InlineData(false, "orchestrator: hold failed: tool-missing: key installed, but sshd is not in the live image; the node is reachable on its console only")]
    public async Task The_agents_answer_to_a_hold_goes_into_the_run_log(bool sshdStarted, string line)
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client,
            i => i.Stage == "cpu" ? SimulatedAgent.Results.Fail("verify-errors", "stress-ng: 1 verification failure") : SimulatedAgent.Results.Pass(i.Stage!));
        var hold = await agent.RunStagesAsync();
        Assert.Equal(InstructionKinds.Hold, hold.Kind);

        var answer = sshdStarted
            ? new StageResult { Status = StageStatuses.Passed, Summary = "holding for SSH: ssh root@10.77.0.50 (key installed in /root/.ssh/authorized_keys, sshd started)" }
            : new StageResult { Status = StageStatuses.Error, Summary = "hold failed", Failure = new StageFailure { Reason = FailureReasons.ToolMissing, Message = "key installed, but sshd is not in the live image" } };
        using var response = await agent.PostResultAsync(hold.InstructionId, answer);

        response.EnsureSuccessStatusCode();
        Assert.Contains(line, await client.GetStringAsync($"/api/v1/runs/{runId}/log?tail=50"), StringComparison.Ordinal);
        Assert.Equal("FailedHolding", (await VettingApp.GetRunAsync(client, runId)).GetProperty("state").GetString());
    }

    /// <summary>Starts a run on the host, boots it, says hello and passes every stage, keeping the instructions the agent got.</summary>
    private static async Task<(int RunId, List<Instruction> Instructions)> PassRecordingInstructionsAsync(HttpClient client, int hostId)
    {
        var runId = await VettingApp.StartRunAsync(client, hostId);
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "52:54:00:12:34:56");
        await agent.BootAsync();
        await agent.HelloAsync();
        var instructions = new List<Instruction>();
        agent.OnStage = i =>
        {
            instructions.Add(i);
            return SimulatedAgent.Results.Pass(i.Stage!);
        };
        await agent.RunStagesAsync();
        return (runId, instructions);
    }
}
