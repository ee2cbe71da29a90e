using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Data;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Runs;

/// <summary>Two writers that loaded the same run cannot silently undo each other's state change.</summary>
public sealed class RunConcurrencyTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_state_change_from_a_stale_snapshot_is_refused()
    {
        var client = _app.CreateClient();
        var runId = await VettingApp.StartRunAsync(client, await _app.CreateHostAsync(client));
        await VettingApp.WaitForStateAsync(client, runId, "WaitingWoL");
        await using var first = _app.Services.CreateAsyncScope();
        await using var second = _app.Services.CreateAsyncScope();
        var a = await first.ServiceProvider.GetRequiredService<VettingDbContext>().Runs.FirstAsync(r => r.Id == runId);
        var dbB = second.ServiceProvider.GetRequiredService<VettingDbContext>();
        var b = await dbB.Runs.FirstAsync(r => r.Id == runId);

        a.MoveTo("Cancelled", DateTimeOffset.UtcNow);
        await first.ServiceProvider.GetRequiredService<VettingDbContext>().SaveChangesAsync();
        b.MoveTo("Booting", DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());
        Assert.Equal("Cancelled", (await VettingApp.GetRunAsync(client, runId)).GetProperty("state").GetString());
    }
}
