using System.Text.Json;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Persistence;

/// <summary>
/// Process-local store. Instances are kept as serialized snapshots, so callers never share mutable state with the
/// store and a failed step leaves the stored instance untouched — the same contract as a database.
/// </summary>
public sealed class InMemoryWorkflowInstanceStore : IWorkflowInstanceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Stored> _instances = new(StringComparer.Ordinal);

    public ValueTask<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_instances.TryGetValue(instanceId, out var stored)
                ? JsonSerializer.Deserialize<WorkflowInstance>(stored.Snapshot, WorkflowJson.Compact)
                : null);
        }
    }

    public ValueTask SaveAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _instances.TryGetValue(instance.Id, out var existing);
            if ((existing?.Revision ?? 0) != instance.Revision)
            {
                throw new WorkflowConcurrencyException(instance.Id);
            }

            instance.Revision++;
            var journalList = existing?.Journal ?? [];
            journalList.AddRange(journal);
            _instances[instance.Id] = new Stored(
                JsonSerializer.SerializeToUtf8Bytes(instance, WorkflowJson.Compact),
                instance.Revision,
                [.. instance.Bookmarks],
                journalList,
                instance.Partition);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<BookmarkRef>> FindBookmarksAsync(string hash, CancellationToken cancellationToken = default) =>
        Query(b => b.Hash == hash, int.MaxValue);

    public ValueTask<IReadOnlyList<BookmarkRef>> FindDueBookmarksAsync(DateTimeOffset now, int max, string? partition, CancellationToken cancellationToken = default) =>
        Query(b => b.ResumeAt <= now, max, partition);

    public ValueTask<DateTimeOffset?> GetNextResumeAtAsync(string? partition, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_instances.Values.Where(s => partition is null || s.Partition is null || s.Partition == partition).SelectMany(s => s.Bookmarks).Min(b => b.ResumeAt));
        }
    }

    public ValueTask<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<JournalEntry>>(
                _instances.TryGetValue(instanceId, out var stored) ? [.. stored.Journal] : []);
        }
    }

    public ValueTask<WorkflowInstancePage> ListAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken = default)
    {
        List<WorkflowInstance> all;
        lock (_gate)
        {
            all = [.. _instances.Values.Select(s => JsonSerializer.Deserialize<WorkflowInstance>(s.Snapshot, WorkflowJson.Compact)!)];
        }

        var matching = all.Where(i =>
                (query.DefinitionIds is not { Count: > 0 } ids || ids.Contains(i.DefinitionId))
                && (query.Statuses is not { Count: > 0 } statuses || statuses.Contains(i.Status))
                && (query.Versions is not { Count: > 0 } versions || versions.Contains(i.Version))
                && (query.CorrelationId is null || i.CorrelationId == query.CorrelationId)
                && (string.IsNullOrEmpty(query.SearchTerm) || i.Id.Contains(query.SearchTerm, StringComparison.OrdinalIgnoreCase)
                    || (i.CorrelationId?.Contains(query.SearchTerm, StringComparison.OrdinalIgnoreCase) ?? false)
                    || i.DefinitionId.Contains(query.SearchTerm, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Func<WorkflowInstance, DateTimeOffset?> key = query.OrderBy switch
        {
            InstanceOrder.UpdatedAt => i => i.UpdatedAt,
            InstanceOrder.FinishedAt => i => i.FinishedAt,
            _ => i => i.CreatedAt,
        };
        var ordered = query.Ascending ? matching.OrderBy(key).ThenBy(i => i.Id, StringComparer.Ordinal) : matching.OrderByDescending(key).ThenByDescending(i => i.Id, StringComparer.Ordinal);
        return ValueTask.FromResult(new WorkflowInstancePage([.. ordered.Skip(query.Skip).Take(query.Take)], matching.Count));
    }

    private ValueTask<IReadOnlyList<BookmarkRef>> Query(Func<Bookmark, bool> predicate, int max, string? partition = null)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<BookmarkRef>>(_instances.Values
                .Where(s => partition is null || s.Partition is null || s.Partition == partition)
                .SelectMany(s => s.Bookmarks)
                .Where(predicate)
                .OrderBy(b => b.ResumeAt ?? b.CreatedAt)
                .Take(max)
                .Select(b => new BookmarkRef(b.InstanceId, b.Id))
                .ToList());
        }
    }

    private sealed record Stored(byte[] Snapshot, int Revision, List<Bookmark> Bookmarks, List<JournalEntry> Journal, string? Partition);
}
