using System.Net.Http.Json;
using System.Text.Json;
using Vetting.Protocol;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Runs;

/// <summary>The orchestrator process is replaced between every two steps of a run; the run still finishes, once.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vetting-restart-").FullName;
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(VettingApp.Epoch);
    private VettingApp _app;
    private HttpClient _client;

    public RestartTests()
    {
        _app = new VettingApp(_root, clock: _clock);
        _client = _app.CreateClient();
    }

    public void Dispose()
    {
        _app.Dispose();
        _app.DeleteFiles();
    }

    private void Restart(SimulatedAgent? agent = null)
    {
        _app.Dispose();
        _app = new VettingApp(_root, clock: _clock);
        _client = _app.CreateClient();
        if (agent is not null)
        {
            agent.Http = _client;
        }
    }

    [Fact]
    public async Task A_run_survives_a_restart_between_every_two_steps_and_finishes_once()
    {
        var runId = await VettingApp.StartRunAsync(_client, await _app.CreateHostAsync(_client));
        await VettingApp.WaitForStateAsync(_client, runId, "WaitingWoL");
        Restart();

        var agent = new SimulatedAgent(_client, "52:54:00:12:34:56");
        await agent.BootAsync();
        await VettingApp.WaitForStateAsync(_client, runId, "Booting");
        Restart(agent);

        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        Restart(agent);

        Instruction? last = null;
        while (last is null)
        {
            var instruction = await agent.WaitForInstructionAsync();
            Restart(agent);
            if (instruction.Kind != InstructionKinds.Stage)
            {
                last = instruction;
                break;
            }

            (await agent.PostResultAsync(instruction.InstructionId, agent.OnStage(instruction))).EnsureSuccessStatusCode();
            Restart(agent);
        }

        Assert.Equal(InstructionKinds.PowerOff, last.Kind);
        var run = await VettingApp.WaitForStateAsync(_client, runId, "Passed");
        Assert.Equal(5, run.GetProperty("stages").GetArrayLength());
        var instance = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/workflow-instances/{run.GetProperty("workflow").GetProperty("instanceId").GetString()}");
        Assert.Equal("Finished", instance.GetProperty("status").GetString());
        var journal = instance.GetProperty("journal").EnumerateArray().ToList();
        Assert.Single(journal, j => j.GetProperty("event").GetString() == "Finished");
        Assert.Single(journal, j => j.GetProperty("activityId").GetString() == "powerOffPassed");
        Assert.Single(journal, j => j.GetProperty("activityId").GetString() == "wake");
    }

    [Fact]
    public async Task A_boot_timeout_that_falls_due_while_the_orchestrator_is_down_fires_once_after_restart()
    {
        var runId = await VettingApp.StartRunAsync(_client, await _app.CreateHostAsync(_client));
        await VettingApp.WaitForStateAsync(_client, runId, "WaitingWoL");
        _app.Dispose();

        _clock.Advance(TimeSpan.FromHours(1));
        _app = new VettingApp(_root, clock: _clock);
        _client = _app.CreateClient();
        await _app.AdvanceAsync(TimeSpan.FromSeconds(2));

        var run = await VettingApp.WaitForStateAsync(_client, runId, "Failed");
        Assert.Equal("boot-timeout", run.GetProperty("failure").GetProperty("reason").GetString());
        var instance = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/workflow-instances/{run.GetProperty("workflow").GetProperty("instanceId").GetString()}");
        Assert.Single(instance.GetProperty("journal").EnumerateArray(), j => j.GetProperty("event").GetString() == "TimerFired");
    }
}
