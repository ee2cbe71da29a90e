using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Persistence;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.EntityFrameworkCore;

/// <summary>
/// Instance store over the host's DbContext. <see cref="SaveAsync"/> calls SaveChanges once, so the step's
/// instance row, bookmarks, journal and any domain change the host or an activity made in this scope commit in
/// one transaction. The revision column turns a lost race into <see cref="WorkflowConcurrencyException"/>.
/// </summary>
public sealed class EfWorkflowInstanceStore<TContext>(TContext db) : IWorkflowInstanceStore where TContext : DbContext
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    // The namespace of this store's advisory locks (the first of PostgreSQL's two int keys); the second is the id's hash.
    private const int ClaimLockSpace = 0x7645;

    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? _claim;

    /// <summary>
    /// On PostgreSQL: a transaction holding a transaction-scoped advisory lock on the instance id, which
    /// <see cref="SaveAsync"/> commits, so the lock is held from before the load to the step's commit. Two ids that
    /// hash alike only make their steps wait for each other. SQLite has one writer process, so no claim.
    /// </summary>
    public async ValueTask<IAsyncDisposable> ClaimAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (db.Database.ProviderName != Npgsql)
        {
            return NoClaim.Instance;
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ClaimLockSpace}, hashtext({instanceId}))", cancellationToken);
        }
        catch
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }

            throw;
        }

        // Inside a caller's transaction the lock lasts until that transaction ends; the caller commits it.
        _claim = own;
        return own is null ? NoClaim.Instance : new Claim(this, own);
    }

    private sealed class Claim(EfWorkflowInstanceStore<TContext> store, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Committed by SaveAsync, or rolled back here: a step that failed, lost or had nothing to do leaves nothing
            // behind (and an explicit rollback tells the host's interceptors to forget what the step saved).
            if (store._claim == transaction)
            {
                store._claim = null;
                try
                {
                    await transaction.RollbackAsync();
                }
                catch (InvalidOperationException)
                {
                    // The connection broke and the transaction is gone already.
                }
            }

            await transaction.DisposeAsync();
        }
    }

    public async ValueTask<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var record = await db.Set<WorkflowInstanceRecord>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == instanceId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var bookmarks = await db.Set<BookmarkRecord>().AsNoTracking().Where(b => b.InstanceId == instanceId).ToListAsync(cancellationToken);
        return InstanceMapping.ToInstance(record, bookmarks);
    }

    public async ValueTask SaveAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken = default)
    {
        var instances = db.Set<WorkflowInstanceRecord>();
        var entry = db.ChangeTracker.Entries<WorkflowInstanceRecord>().FirstOrDefault(e => e.Entity.Id == instance.Id);
        if (instance.Revision == 0)
        {
            if (entry is not null || await instances.AnyAsync(x => x.Id == instance.Id, cancellationToken))
            {
                throw new WorkflowConcurrencyException(instance.Id);
            }

            var record = new WorkflowInstanceRecord { Id = instance.Id };
            InstanceMapping.Apply(instance, record);
            record.Revision = 1;
            instances.Add(record);
        }
        else
        {
            entry ??= instances.Attach(new WorkflowInstanceRecord { Id = instance.Id, Revision = instance.Revision });
            InstanceMapping.Apply(instance, entry.Entity);
            entry.Entity.Revision = instance.Revision + 1;
            entry.State = EntityState.Modified;
            entry.Property(x => x.Revision).OriginalValue = instance.Revision;
        }

        await SyncBookmarksAsync(instance, cancellationToken);
        foreach (var line in journal)
        {
            db.Add(InstanceMapping.ToRecord(line));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (_claim is { } claim)
            {
                _claim = null;
                await claim.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(entry => entry.Entity is WorkflowInstanceRecord or BookmarkRecord))
        {
            // Another step of this instance committed first: this step lost the race and is dropped whole.
            db.ChangeTracker.Clear();
            throw new WorkflowConcurrencyException(instance.Id);
        }

        instance.Revision++;
    }

    public async ValueTask<IReadOnlyList<BookmarkRef>> FindBookmarksAsync(string hash, CancellationToken cancellationToken = default) =>
        await db.Set<BookmarkRecord>().AsNoTracking()
            .Where(b => b.Hash == hash)
            .Select(b => new BookmarkRef(b.InstanceId, b.Id))
            .ToListAsync(cancellationToken);

    public async ValueTask<IReadOnlyList<BookmarkRef>> FindDueBookmarksAsync(DateTimeOffset now, int max, string? partition, CancellationToken cancellationToken = default)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        return await Timers(partition)
            .Where(b => b.ResumeAtMs <= nowMs)
            .OrderBy(b => b.ResumeAtMs)
            .Take(max)
            .Select(b => new BookmarkRef(b.InstanceId, b.Id))
            .ToListAsync(cancellationToken);
    }

    public async ValueTask<DateTimeOffset?> GetNextResumeAtAsync(string? partition, CancellationToken cancellationToken = default)
    {
        var next = await Timers(partition).MinAsync(b => b.ResumeAtMs, cancellationToken);
        return next is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    private IQueryable<BookmarkRecord> Timers(string? partition)
    {
        var timers = db.Set<BookmarkRecord>().AsNoTracking().Where(b => b.ResumeAtMs != null);
        return partition is null
            ? timers
            : timers.Where(b => db.Set<WorkflowInstanceRecord>().Any(i => i.Id == b.InstanceId && (i.Partition == partition || i.Partition == null)));
    }

    public async ValueTask<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<JournalRecord>().AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Id).ToListAsync(cancellationToken);
        return rows.Select(InstanceMapping.ToEntry).ToList();
    }

    public async ValueTask<WorkflowInstancePage> ListAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken = default)
    {
        var rows = db.Set<WorkflowInstanceRecord>().AsNoTracking();
        if (query.DefinitionIds is { Count: > 0 } ids)
        {
            rows = rows.Where(r => ids.Contains(r.DefinitionId));
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Select(s => s.ToString()).ToList();
            rows = rows.Where(r => names.Contains(r.Status));
        }

        if (query.Versions is { Count: > 0 } versions)
        {
            rows = rows.Where(r => versions.Contains(r.Version));
        }

        if (query.CorrelationId is { } correlation)
        {
            rows = rows.Where(r => r.CorrelationId == correlation);
        }

        if (!string.IsNullOrEmpty(query.SearchTerm))
        {
            // LIKE is case-insensitive for ASCII in SQLite; the term's own wildcards are escaped.
            var pattern = "%" + query.SearchTerm.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(r => EF.Functions.Like(r.Id, pattern, "\\") || (r.CorrelationId != null && EF.Functions.Like(r.CorrelationId, pattern, "\\"))
                                   || EF.Functions.Like(r.DefinitionId, pattern, "\\"));
        }

        var total = await rows.CountAsync(cancellationToken);
        // Ordered by the id as well, so pages are stable when timestamps tie. SQLite cannot order DateTimeOffset
        // columns in SQL, so the page is cut from ids ordered in memory: only ids and timestamps are read for that.
        var keys = await rows.Select(r => new { r.Id, r.CreatedAt, r.UpdatedAt, r.FinishedAt }).ToListAsync(cancellationToken);
        Func<(string Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt), DateTimeOffset?> key = query.OrderBy switch
        {
            InstanceOrder.UpdatedAt => k => k.UpdatedAt,
            InstanceOrder.FinishedAt => k => k.FinishedAt,
            _ => k => k.CreatedAt,
        };
        var tuples = keys.Select(k => (k.Id, k.CreatedAt, k.UpdatedAt, k.FinishedAt));
        var ordered = query.Ascending
            ? tuples.OrderBy(key).ThenBy(k => k.Id, StringComparer.Ordinal)
            : tuples.OrderByDescending(key).ThenByDescending(k => k.Id, StringComparer.Ordinal);
        var pageIds = ordered.Skip(query.Skip).Take(query.Take).Select(k => k.Id).ToList();

        var records = await db.Set<WorkflowInstanceRecord>().AsNoTracking().Where(r => pageIds.Contains(r.Id)).ToListAsync(cancellationToken);
        var bookmarks = (await db.Set<BookmarkRecord>().AsNoTracking().Where(b => pageIds.Contains(b.InstanceId)).ToListAsync(cancellationToken))
            .ToLookup(b => b.InstanceId, StringComparer.Ordinal);
        var byId = records.ToDictionary(r => r.Id, StringComparer.Ordinal);
        return new WorkflowInstancePage([.. pageIds.Where(byId.ContainsKey).Select(id => InstanceMapping.ToInstance(byId[id], bookmarks[id]))], total);
    }

    private async Task SyncBookmarksAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var set = db.Set<BookmarkRecord>();
        var stored = await set.AsNoTracking().Where(b => b.InstanceId == instance.Id).Select(b => b.Id).ToListAsync(cancellationToken);
        var wanted = instance.Bookmarks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in stored.Where(id => !wanted.Contains(id)))
        {
            var tracked = set.Local.FirstOrDefault(b => b.Id == id);
            set.Remove(tracked ?? new BookmarkRecord { Id = id });
        }

        var existing = stored.ToHashSet(StringComparer.Ordinal);
        foreach (var bookmark in instance.Bookmarks.Where(b => !existing.Contains(b.Id)))
        {
            set.Add(InstanceMapping.ToRecord(bookmark));
        }
    }
}
