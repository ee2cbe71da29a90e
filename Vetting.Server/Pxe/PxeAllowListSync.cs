using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Hosting;

namespace Vetting.Server.Pxe;

/// <summary>
/// Keeps dnsmasq's allow-list in step with the runs: MACs whose run waits for boot may PXE-boot; MACs whose run
/// has a live agent get a plain lease (no boot options); everyone else gets nothing. Refreshed at start-up and
/// after every committed run state change.
/// </summary>
public sealed class PxeAllowListSync(IServiceScopeFactory scopes, PxeAllowList allowList, Microsoft.Extensions.Options.IOptions<SiteOptions> site, TimeProvider clock, ILogger<PxeAllowListSync> logger)
    : PollingService(new PollingSchedule(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)), clock, logger), ICommitObserver
{
    public void OnCommitted(CommittedChanges changes)
    {
        if (changes.SharedResourcesMoved)
        {
            Wake();
        }
    }

    protected override Task PollAsync(CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
        // Only this site's nodes: DHCP answers on this L2 segment, and another site's orchestrator boots its own.
        var runs = await db.Runs.Where(r => r.Site == site.Value.Name && !RunStates.IsTerminalStates.Contains(r.State) && r.State != RunStates.Queued)
            .Select(r => new { r.State, r.Host.Mac }).ToListAsync(cancellationToken);
        var boot = runs.Where(r => r.State is RunStates.WaitingWoL or RunStates.Booting).Select(r => r.Mac).Distinct().ToList();
        var lease = runs.Where(r => RunStates.HasAgent(r.State)).Select(r => r.Mac).Distinct().ToList();
        if (!boot.Order().SequenceEqual(allowList.BootMacs.Order()) || !lease.Order().SequenceEqual(allowList.LeaseOnlyMacs.Order()))
        {
            allowList.Update(boot, lease);
            logger.LogInformation("pxe: {Boot} MAC(s) may boot, {Lease} get a lease only", boot.Count, lease.Count);
        }
    }
}
