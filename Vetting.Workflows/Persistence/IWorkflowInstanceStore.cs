using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Persistence;

/// <summary>
/// Durable home of instances, their bookmarks and journals. <see cref="SaveAsync"/> is the commit point of a
/// step; an implementation that shares a unit of work with the host (EF Core) commits the host's pending domain
/// changes in the same transaction.
/// </summary>
public interface IWorkflowInstanceStore
{
    ValueTask<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the instance for one step against other processes that share this store (within a process,
    /// <see cref="InstanceLocks"/> already serialises steps). Taken before the instance is loaded; held until the step
    /// commits in <see cref="SaveAsync"/> or the claim is disposed. So two orchestrators never both execute a step of
    /// one instance or fire one timer twice: the second waits, then loads the committed state and finds the bookmark
    /// consumed. A store that only one process uses needs no claim (the default).
    /// </summary>
    ValueTask<IAsyncDisposable> ClaimAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IAsyncDisposable>(NoClaim.Instance);

    /// <summary>
    /// Inserts (Revision 0) or updates the instance, replaces its bookmark set and appends the journal entries.
    /// Throws <see cref="WorkflowConcurrencyException"/> when the stored revision is not the one loaded.
    /// On success the instance's Revision is incremented.
    /// </summary>
    ValueTask SaveAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<BookmarkRef>> FindBookmarksAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Timers due at <paramref name="now"/>, earliest first, of instances of <paramref name="partition"/> or of none
    /// (started before partitions, or by a process without one); a null <paramref name="partition"/> takes all.
    /// </summary>
    ValueTask<IReadOnlyList<BookmarkRef>> FindDueBookmarksAsync(DateTimeOffset now, int max, string? partition, CancellationToken cancellationToken = default);

    /// <summary>When the next timer of <paramref name="partition"/> (null: any) falls due.</summary>
    ValueTask<DateTimeOffset?> GetNextResumeAtAsync(string? partition, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>One page of the instances that match <paramref name="query"/>, with the total that match.</summary>
    ValueTask<WorkflowInstancePage> ListAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The claim of a store that needs none.</summary>
public sealed class NoClaim : IAsyncDisposable
{
    public static readonly NoClaim Instance = new();

    private NoClaim()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class WorkflowConcurrencyException(string instanceId)
    : Exception($"Workflow instance '{instanceId}' was changed by someone else since it was loaded.")
{
    public string InstanceId { get; } = instanceId;
}
