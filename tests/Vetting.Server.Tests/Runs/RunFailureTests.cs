using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vetting.Protocol;
using Vetting.Server.Agents;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Runs;

/// <summary>Timeouts, lost agents, cancellation in every phase, and restarts of the orchestrator mid-run.</summary>
public sealed class RunFailureTests : IDisposable
{
    private readonly VettingApp _app = new(extraYaml: "runs:\n  boot_timeout: 5m\n  hello_timeout: 3m\n  max_concurrent: 1\nagent:\n  lost_after: 2m\n");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_node_that_never_boots_fails_after_the_boot_timeout_with_advice()
    {
        var client = _app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");

        await _app.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Equal("WaitingWoL", (await VettingApp.GetRunAsync(client, runId)).GetProperty("state").GetString());
        await _app.AdvanceAsync(TimeSpan.FromMinutes(2));

        var run = await VettingApp.WaitForStateAsync(client, runId, "Failed");
        var failure = run.GetProperty("failure");
        Assert.Equal("boot-timeout", failure.GetProperty("reason").GetString());
        Assert.Contains("Wake-on-LAN", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("5 min", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/report.json")).GetProperty("verdict").GetString());
        // The node is no longer waiting for boot: its MAC gets the exit script now.
        Assert.DoesNotContain("vetting.token", await client.GetStringAsync("/pxe/boot.ipxe?mac=52:54:00:12:34:56"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_under_a_minute_is_told_in_seconds()
    {
        using var app = new VettingApp(extraYaml: "runs:\n  boot_timeout: 20s\n");
        var client = app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await app.CreateHostAsync(client));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");

        await app.AdvanceAsync(TimeSpan.FromSeconds(25));

        var run = await VettingApp.WaitForStateAsync(client, runId, "Failed");
        Assert.Contains("did not fetch its iPXE script within 20 s.", run.GetProperty("failure").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_booted_node_whose_agent_never_says_hello_fails_with_advice()
    {
        var client = _app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        await new SimulatedAgent(client, "52:54:00:12:34:56").BootAsync();
        await VettingApp.WaitForStateAsync(client, runId, "Booting");

        await _app.AdvanceAsync(TimeSpan.FromMinutes(4));

        var run = await VettingApp.WaitForStateAsync(client, runId, "Failed");
        Assert.Equal("hello-timeout", run.GetProperty("failure").GetProperty("reason").GetString());
        Assert.Contains("vetting.orchestrator=", run.GetProperty("failure").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_that_stops_calling_fails_the_run_as_agent_lost()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        var instruction = await agent.WaitForInstructionAsync();
        Assert.Equal("inventory", instruction.Stage);

        // The monitor sleeps on the (fake) clock: moving it past agent.lost_after wakes it.
        await _app.AdvanceAsync(TimeSpan.FromMinutes(3));

        var run = await VettingApp.WaitForStateAsync(client, runId, "Failed");
        Assert.Equal(("inventory", "agent-lost"), (run.GetProperty("failure").GetProperty("stage").GetString(), run.GetProperty("failure").GetProperty("reason").GetString()));
        Assert.Equal("cancelled", run.GetProperty("stages")[0].GetProperty("status").GetString());
        using var late = await agent.PostResultAsync(instruction.InstructionId, SimulatedAgent.Results.Pass("inventory") with { Artifacts = [] });
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
    }

    [Fact]
    public async Task Heartbeats_keep_a_long_stage_alive()
    {
        var client = _app.CreateClient();
        var (runId, agent) = await _app.StartRunWithAgentAsync(client);
        await agent.WaitForInstructionAsync();

        for (var minute = 0; minute < 5; minute++)
        {
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
            using var beat = await agent.SendAsync(HttpMethod.Post, "heartbeat",
                new StringContent("""{"percent": 20, "message": "collecting"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NoContent, beat.StatusCode);
        }

        Assert.Equal(0, await _app.Service<LostAgentMonitor>().CheckAsync(CancellationToken.None));
        Assert.Equal("Inventory", (await VettingApp.GetRunAsync(client, runId)).GetProperty("state").GetString());
        Assert.Contains("[20%] collecting", await client.GetStringAsync($"/api/v1/runs/{runId}/log"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Queued")]
    [InlineData("WaitingWoL")]
    [InlineData("Booting")]
    [InlineData("Inventory")]
    [InlineData("Cpu")]
    [InlineData("FailedHolding")]
    public async Task Cancel_works_in_every_phase_and_a_live_agent_gets_poweroff(string phase)
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);
        if (phase == "Queued")
        {
            // Fill the only slot (runs.max_concurrent: 1) with another host's run so this one stays queued.
            var other = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client, "node-2", "52:54:00:00:00:02"));
            await VettingApp.WaitForStateAsync(client, other, "WaitingWoL");
        }

        var runId = await VettingApp.StartRunAsync(client, hostId);
        var agent = new SimulatedAgent(client, "52:54:00:12:34:56");
        if (phase != "Queued")
        {
            await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        }

        if (phase is "Booting" or "Inventory" or "Cpu" or "FailedHolding")
        {
            await agent.BootAsync();
        }

        if (phase is "Inventory" or "Cpu" or "FailedHolding")
        {
            await agent.HelloAsync();
            var inventory = await agent.WaitForInstructionAsync();
            if (phase is "Cpu" or "FailedHolding")
            {
                await agent.PostResultAsync(inventory.InstructionId, phase == "Cpu" ? SimulatedAgent.Results.Pass("inventory") : SimulatedAgent.Results.Fail("tool-failed", "lscpu crashed"));
                await agent.WaitForInstructionAsync();
            }
        }

        await VettingApp.WaitForStateAsync(client, runId, phase);

        using var cancel = await client.PostAsync($"/api/v1/runs/{runId}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var run = await VettingApp.WaitForStateAsync(client, runId, "Cancelled");
        Assert.NotEqual(JsonValueKind.Null, run.GetProperty("endedAt").ValueKind);
        if (phase is "Inventory" or "Cpu" or "FailedHolding")
        {
            Assert.Equal(InstructionKinds.PowerOff, (await agent.WaitForInstructionAsync()).Kind);
            using var gone = await agent.SendAsync(HttpMethod.Get, "next?waitSeconds=0");
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        }

        var instanceId = run.GetProperty("workflow").GetProperty("instanceId");
        if (instanceId.ValueKind == JsonValueKind.String)
        {
            var instance = await client.GetFromJsonAsync<JsonElement>($"/api/v1/workflow-instances/{instanceId.GetString()}");
            Assert.Equal("Cancelled", instance.GetProperty("status").GetString());
            Assert.Equal(0, instance.GetProperty("bookmarks").GetArrayLength());
        }

        using var twice = await client.PostAsync($"/api/v1/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("cancelled", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/report.json")).GetProperty("verdict").GetString());
    }
}
