using Microsoft.EntityFrameworkCore;
using Vetting.Server.Data;
using Vetting.Server.Hosting;
using Vetting.Server.Runs;

namespace Vetting.Server.Agents;

/// <summary>Fails runs whose agent has not called for <c>agent.lost_after</c> while the run needs it (<see cref="AgentPresence"/>).</summary>
public sealed class LostAgentMonitor(IServiceScopeFactory scopes, AgentPresence presence, Configuration.SiteOptions site, TimeProvider clock, ILogger<LostAgentMonitor> logger)
    : PollingService(Schedule(presence.LostAfter), clock, logger)
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>A quarter of lost_after (1–15 s) between passes; a failing pass (the database is down) backs off to a minute.</summary>
    public static PollingSchedule Schedule(TimeSpan lostAfter)
    {
        var interval = TimeSpan.FromSeconds(Math.Clamp(lostAfter.TotalSeconds / 4, 1, 15));
        return new PollingSchedule(interval, interval, TimeSpan.FromMinutes(1));
    }

    protected override Task PollAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    /// <summary>One pass; passes never overlap (the timer loop and a caller could otherwise fail a run twice).</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            return await CheckOnceAsync(cancellationToken);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var lostBefore = presence.LostBefore;
        List<int> suspects;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
            suspects = await db.Runs.Where(r => r.Site == site.Name && AgentPresence.AwaitingAgentStates.Contains(r.State) && r.AgentSeenAt != null && r.AgentSeenAt < lostBefore)
                .Select(r => r.Id).ToListAsync(cancellationToken);
        }

        var failed = 0;
        foreach (var runId in suspects)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<RunControl>().FailLostAgentAsync(runId, cancellationToken))
            {
                logger.LogWarning("run {RunId}: agent lost (no call for {LostAfter})", runId, presence.LostAfter);
                failed++;
            }
        }

        return failed;
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
