using Microsoft.EntityFrameworkCore;
using Vetting.Server.Data;

namespace Vetting.Server.Runs;

internal static class RunAggregates
{
    /// <summary>
    /// A run with everything hanging off it, tracked. Changes made through its collections are visible to later
    /// code in the same scope before they are saved (the report of a step sees the step's own measurements).
    /// </summary>
    public static Task<Run?> LoadAsync(this VettingDbContext db, int runId, CancellationToken cancellationToken) =>
        db.Runs
            .Include(r => r.Host)
            .Include(r => r.Stages)
            .Include(r => r.Measurements)
            .Include(r => r.SpecDiffs)
            .Include(r => r.Artifacts)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
}
