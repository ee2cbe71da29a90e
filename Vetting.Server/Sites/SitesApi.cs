using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Server.Configuration;
using Vetting.Server.Data;

namespace Vetting.Server.Sites;

public static class SitesApi
{
    public static IEndpointRouteBuilder MapSites(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/sites", ListAsync).WithTags("Sites");
        return app;
    }

    public static IServiceCollection AddSites(this IServiceCollection services)
    {
        services.AddSingleton<SitePresence>();
        services.AddHostedService(sp => sp.GetRequiredService<SitePresence>());
        services.AddScoped<SiteGuard>();
        return services;
    }

    /// <summary>Every site: those whose orchestrator has reported, and those only named by a host.</summary>
    private static async Task<Ok<IEnumerable<SiteDto>>> ListAsync(VettingDbContext db, SiteOptions site, TimeProvider clock, CancellationToken cancellationToken)
    {
        var known = await db.Sites.AsNoTracking().ToListAsync(cancellationToken);
        var hosts = await db.Hosts.Where(h => h.DeletedAt == null).GroupBy(h => h.Site).Select(g => new { Site = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Site, g => g.Count, cancellationToken);
        var active = await db.Runs.Where(r => !RunStates.IsTerminalStates.Contains(r.State)).GroupBy(r => r.Site).Select(g => new { Site = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Site, g => g.Count, cancellationToken);
        var now = clock.GetUtcNow();
        var names = known.Select(s => s.Name).Concat(hosts.Keys).Concat(active.Keys).Append(site.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return TypedResults.Ok(names.Select(name =>
        {
            var row = known.FirstOrDefault(s => s.Name == name);
            return new SiteDto(name, row?.PublicUrl, row?.Version, row?.LastSeenAt, row is not null && now - row.LastSeenAt <= SitePresence.OfflineAfter,
                name == site.Name, hosts.GetValueOrDefault(name), active.GetValueOrDefault(name));
        }));
    }
}
