using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vetting.Server.Runs;

namespace Vetting.Server.Data;

/// <summary>
/// Bumps <see cref="Run.Stamp"/> on every save that changes a run's visible data, so two writers working from the same
/// snapshot — a workflow step and an operator's cancel — cannot silently undo each other (optimistic concurrency).
/// </summary>
public sealed class RunStamps : SaveChangesInterceptor
{
    /// <summary>Bookkeeping that changes on every agent call: neither a conflict nor news for SSE clients.</summary>
    private static readonly HashSet<string> Bookkeeping = [nameof(Run.AgentSeenAt), nameof(Run.TokenHash), nameof(Run.Stamp)];

    /// <summary>The run entry changed more than agent bookkeeping.</summary>
    public static bool Changed(EntityEntry entry) =>
        entry.State != EntityState.Modified || entry.Properties.Any(p => p.IsModified && !Bookkeeping.Contains(p.Metadata.Name));

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Bump(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Bump(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Bump(DbContext? context)
    {
        foreach (var entry in context?.ChangeTracker.Entries<Run>() ?? [])
        {
            if (entry.State == EntityState.Modified && Changed(entry))
            {
                // Through the entry, so the original stamp stays the one the UPDATE's WHERE checks.
                entry.Property(r => r.Stamp).CurrentValue = entry.Entity.Stamp + 1;
            }
        }
    }
}
