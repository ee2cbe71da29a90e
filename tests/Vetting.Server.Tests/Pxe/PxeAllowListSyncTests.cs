using Vetting.Server.Pxe;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Pxe;

/// <summary>dnsmasq's allow-list follows the runs: boot while waiting, lease only while the agent runs, nothing after.</summary>
public sealed class PxeAllowListSyncTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_MAC_may_boot_only_while_its_run_waits_for_boot()
    {
        var client = _app.CreateClient();
        var list = _app.Service<PxeAllowList>();
        var sync = _app.Service<PxeAllowListSync>();
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        await sync.RefreshAsync(CancellationToken.None);
        Assert.Equal(["52:54:00:12:34:56"], list.BootMacs);

        var agent = new SimulatedAgent(client, "52:54:00:12:34:56");
        await agent.BootAsync();
        await agent.HelloAsync();
        await VettingApp.WaitForStateAsync(client, runId, "Inventory");
        await sync.RefreshAsync(CancellationToken.None);
        Assert.Empty(list.BootMacs);
        Assert.Equal(["52:54:00:12:34:56"], list.LeaseOnlyMacs);

        await client.PostAsync($"/api/v1/runs/{runId}/cancel", null);
        await VettingApp.WaitForStateAsync(client, runId, "Cancelled");
        await sync.RefreshAsync(CancellationToken.None);
        Assert.Empty(list.BootMacs);
        Assert.Empty(list.LeaseOnlyMacs);
        Assert.DoesNotContain("52:54:00:12:34:56", await File.ReadAllTextAsync(list.HostsFile), StringComparison.Ordinal);
    }
}
