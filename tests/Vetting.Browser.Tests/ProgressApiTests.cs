using System.Net.Http.Json;
using System.Text.Json;
using Vetting.Protocol;
using Vetting.Server.Tests.Support;

namespace Vetting.Browser.Tests;

/// <summary>GET /api/v1/progress: the dashboard's start state for stage percents (plain HTTP; no browser needed).</summary>
public sealed class ProgressApiTests : IAsyncLifetime
{
    private LiveServer _server = null!;

    public ValueTask InitializeAsync()
    {
        _server = LiveServer.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task The_latest_heartbeat_of_an_active_run_is_listed_with_its_stage_and_dropped_when_the_run_ends()
    {
        var client = _server.Client;
        var runId = await VettingApp.StartRunAsync(client, await _server.App.CreateHostAsync(client));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        var agent = new SimulatedAgent(client, "52:54:00:12:34:56");
        await agent.BootAsync();
        (await agent.HelloAsync()).EnsureSuccessStatusCode();
        var inventory = await agent.WaitForInstructionAsync();
        // Out of range and overlong input is clamped, not stored as sent.
        using (var beat = await agent.SendAsync(HttpMethod.Post, "heartbeat", JsonContent.Create(
                   new HeartbeatRequest { InstructionId = inventory.InstructionId, Percent = 140, Message = new string('x', 5000) },
                   ProtocolJsonContext.Default.HeartbeatRequest)))
            beat.EnsureSuccessStatusCode();

        var progress = await client.GetFromJsonAsync<JsonElement>("/api/v1/progress", TestContext.Current.CancellationToken);
        var entry = Assert.Single(progress.EnumerateArray());
        Assert.Equal((runId, "inventory", 100d), (entry.GetProperty("runId").GetInt32(), entry.GetProperty("stage").GetString(), entry.GetProperty("percent").GetDouble()));
        Assert.Equal(200, entry.GetProperty("message").GetString()!.Length);

        using (var cancelled = await client.PostAsync($"/api/v1/runs/{runId}/cancel", null, TestContext.Current.CancellationToken))
            cancelled.EnsureSuccessStatusCode();
        await VettingApp.WaitForStateAsync(client, runId, "Cancelled");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/progress", TestContext.Current.CancellationToken)).GetArrayLength());
    }
}
