using Microsoft.EntityFrameworkCore;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Hosting;

namespace Vetting.Server.Sites;

/// <summary>Keeps this orchestrator's row in <c>sites</c> current: its URL and version at start, then a heartbeat.</summary>
public sealed class SitePresence(IServiceScopeFactory scopes, SiteOptions site, ServerOptions server, TimeProvider clock, ILogger<SitePresence> logger)
    : PollingService(new PollingSchedule(Interval, TimeSpan.FromSeconds(2), Interval), clock, logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <summary>A site not heard from for this long is shown offline.</summary>
    public static readonly TimeSpan OfflineAfter = 4 * Interval;

    private readonly DateTimeOffset _started = clock.GetUtcNow();

    public static string Version { get; } =
        typeof(SitePresence).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>
    /// The first orchestrator with a site name on a database that never had one (an installation upgraded to sites,
    /// or a first start with <c>site.name</c> set) takes the hosts and runs that were registered before sites existed.
    /// </summary>
    private async Task AdoptDefaultSiteAsync(VettingDbContext db, CancellationToken cancellationToken)
    {
        var hosts = await db.Hosts.Where(h => h.Site == SiteOptions.DefaultName).ExecuteUpdateAsync(s => s.SetProperty(h => h.Site, site.Name), cancellationToken);
        var runs = await db.Runs.Where(r => r.Site == SiteOptions.DefaultName).ExecuteUpdateAsync(s => s.SetProperty(r => r.Site, site.Name), cancellationToken);
        if (hosts + runs > 0)
        {
            Logger.LogInformation("sites: the first site of this database, '{Site}', takes the {Hosts} host(s) and {Runs} run(s) registered before sites", site.Name, hosts, runs);
        }
    }

    protected override async Task PollAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
        var row = await db.Sites.FirstOrDefaultAsync(s => s.Name == site.Name, cancellationToken);
        if (row is null && site.Name != SiteOptions.DefaultName && !await db.Sites.AnyAsync(cancellationToken))
        {
            await AdoptDefaultSiteAsync(db, cancellationToken);
        }

        if (row is null)
        {
            row = new SiteRecord { Name = site.Name };
            db.Sites.Add(row);
        }

        (row.PublicUrl, row.Version, row.StartedAt, row.LastSeenAt) = (server.EffectivePublicUrl, Version, _started, Clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Another process of this site inserted the row first (a standby starting): the next pass updates it.
        }
    }
}
