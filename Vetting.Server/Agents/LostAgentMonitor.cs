using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Runs;

namespace Vetting.Server.Agents;

/// <summary>Fails runs whose agent has not called for <c>agent.lost_after</c> while the run needs it.</summary>
public sealed class LostAgentMonitor(IServiceScopeFactory scopes, AgentOptions options, TimeProvider clock, ILogger<LostAgentMonitor> logger) : BackgroundService
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    private static readonly string[] AgentStates =
        [RunStates.Inventory, RunStates.Cpu, RunStates.Memory, RunStates.Storage, RunStates.Network, RunStates.Reporting, RunStates.FailedHolding];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(options.LostAfter.TotalSeconds / 4, 1, 15));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
                await Task.Delay(period, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "lost-agent check failed");
            }
        }
    }

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
        var cutoff = clock.GetUtcNow() - options.LostAfter;
        List<int> lost;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
            lost = await db.Runs.Where(r => AgentStates.Contains(r.State) && r.AgentSeenAt != null && r.AgentSeenAt < cutoff)
                .Select(r => r.Id).ToListAsync(cancellationToken);
        }

        foreach (var runId in lost)
        {
            logger.LogWarning("run {RunId}: agent lost (no call for {LostAfter})", runId, options.LostAfter);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RunControl>().FailLostAgentAsync(runId, cancellationToken);
        }

        return lost.Count;
    }
}
