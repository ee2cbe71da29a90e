using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vetting.Server.Configuration;
using Vetting.Server.Data;
using Vetting.Server.Http;

namespace Vetting.Server.Sites;

/// <summary>
/// Where a run's or host's work happens. An orchestrator acts only for its own site: an operator action on a run of
/// another site is refused with a problem that names the site and its orchestrator's URL (its artifacts and report
/// live on that orchestrator's disk), and reads of those files are redirected there.
/// </summary>
public sealed class SiteGuard(SiteOptions site, VettingDbContext db)
{
    public string Current => site.Name;

    public bool IsLocal(string siteName) => siteName == site.Name;

    /// <summary>The orchestrator URL of <paramref name="siteName"/>, as it last reported it; null if it never has.</summary>
    public async Task<string?> UrlOfAsync(string siteName, CancellationToken cancellationToken) =>
        await db.Sites.AsNoTracking().Where(s => s.Name == siteName).Select(s => s.PublicUrl).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A 409 problem for an action on <paramref name="what"/> of another site, or null when it is this site's.</summary>
    public async Task<ProblemHttpResult?> RefuseIfElsewhereAsync(string siteName, string what, CancellationToken cancellationToken)
    {
        if (IsLocal(siteName))
        {
            return null;
        }

        var url = await UrlOfAsync(siteName, cancellationToken);
        var where = url is null ? "whose orchestrator has not reported yet" : $"driven by the orchestrator at {url}";
        return Problems.Conflict($"{what} belongs to site '{siteName}', {where}; this orchestrator serves site '{site.Name}'. Act on it there.",
            new Dictionary<string, object?> { ["site"] = siteName, ["siteUrl"] = url });
    }
}
