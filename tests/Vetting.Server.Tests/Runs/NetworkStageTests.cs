using Vetting.Protocol;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Runs;

/// <summary>Only one iperf3 client may use the orchestrator's iperf3 port at a time.</summary>
public sealed class NetworkStageTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(SimulatedAgent Agent, Instruction Network)> RunUpToNetworkAsync(HttpClient client, string name, string mac)
    {
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client, name, mac));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, mac);
        await agent.BootAsync();
        await agent.HelloAsync();
        while (true)
        {
            var instruction = await agent.WaitForInstructionAsync();
            if (instruction.Stage == StageNames.Network)
            {
                return (agent, instruction);
            }

            (await agent.PostResultAsync(instruction.InstructionId, agent.OnStage(instruction))).EnsureSuccessStatusCode();
        }
    }

    /// <summary>A second node's run, booted and greeted: its agent is ready for its first instruction.</summary>
    private async Task<(int RunId, SimulatedAgent Agent)> BootSecondAsync(HttpClient client)
    {
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client, "node-2", "52:54:00:00:00:02"));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "52:54:00:00:00:02");
        await agent.BootAsync();
        await agent.HelloAsync();
        return (runId, agent);
    }

    [Fact]
    public async Task A_second_runs_network_stage_waits_until_the_first_has_reported()
    {
        var client = _app.CreateClient();
        var (first, firstNetwork) = await RunUpToNetworkAsync(client, "node-1", "52:54:00:00:00:01");
        var (secondRun, second) = await BootSecondAsync(client);
        Instruction? held = null;
        for (var i = 0; i < 10 && held is null; i++)
        {
            var instruction = await second.WaitForInstructionAsync();
            if (instruction.Stage == StageNames.Network)
            {
                held = instruction;
                break;
            }

            (await second.PostResultAsync(instruction.InstructionId, second.OnStage(instruction))).EnsureSuccessStatusCode();
            if (instruction.Stage == StageNames.Storage)
            {
                break;
            }
        }

        Assert.Null(held);
        await VettingApp.WaitForStateAsync(client, secondRun, "Network");
        await Task.Delay(200);
        Assert.Null(await second.NextAsync());

        (await first.PostResultAsync(firstNetwork.InstructionId, first.OnStage(firstNetwork))).EnsureSuccessStatusCode();

        Assert.Equal(StageNames.Network, (await second.WaitForInstructionAsync()).Stage);
    }

    [Fact]
    public async Task A_long_poll_waiting_for_the_port_is_woken_by_the_first_runs_network_result()
    {
        var client = _app.CreateClient();
        var (first, firstNetwork) = await RunUpToNetworkAsync(client, "node-1", "52:54:00:00:00:01");
        var (secondRun, second) = await BootSecondAsync(client);
        while ((await second.WaitForInstructionAsync()) is { Stage: not StageNames.Storage } instruction)
        {
            (await second.PostResultAsync(instruction.InstructionId, second.OnStage(instruction))).EnsureSuccessStatusCode();
        }

        // The storage result is the last thing before its network stage; answer it, then long-poll as the real agent does.
        var storage = second.Received[^1];
        (await second.PostResultAsync(storage.InstructionId, second.OnStage(storage))).EnsureSuccessStatusCode();
        await VettingApp.WaitForStateAsync(client, secondRun, "Network");
        second.WaitSeconds = 30;
        var poll = second.NextAsync();
        var signals = _app.Service<Vetting.Server.Agents.InstructionSignals>();
        for (var i = 0; i < 1000 && !signals.IsParkedForPort(secondRun); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(signals.IsParkedForPort(secondRun), "the second run's long poll never parked for the iperf3 port");
        Assert.False(poll.IsCompleted);

        // The test clock stands still, so the poll's own 5 s re-check never comes: only the first run's result can wake it.
        (await first.PostResultAsync(firstNetwork.InstructionId, first.OnStage(firstNetwork))).EnsureSuccessStatusCode();
        var woken = await poll.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal(StageNames.Network, woken?.Stage);
    }
}
