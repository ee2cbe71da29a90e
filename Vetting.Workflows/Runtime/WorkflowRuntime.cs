using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vetting.Workflows.Activities;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Persistence;
using Vetting.Workflows.Versioning;

namespace Vetting.Workflows.Runtime;

public enum ResumeStatus
{
    Resumed,

    /// <summary>The bookmark was consumed by a concurrent or earlier resume.</summary>
    AlreadyResumed,

    /// <summary>No instance, or no bookmark matching the stimulus.</summary>
    NotFound,
}

public sealed record ResumeResult(ResumeStatus Status, WorkflowInstance? Instance);

/// <summary>
/// Starts, resumes and cancels instances. Scoped: it runs activities and commits through the scope's store, so a
/// caller's own pending changes commit in the same transaction as the step. Steps of one instance are serialised
/// by <see cref="InstanceLocks"/> in the process, by the store's claim across processes (PostgreSQL) and, whatever
/// happens, by the store's revision check.
/// </summary>
public sealed class WorkflowRuntime(
    IWorkflowInstanceStore store,
    WorkflowDefinitionService definitions,
    InstanceLocks locks,
    TimeProvider clock,
    IServiceProvider services,
    IEnumerable<IWorkflowInstanceObserver> observers,
    Microsoft.Extensions.Options.IOptions<Hosting.WorkflowRuntimeOptions> options,
    ILogger<WorkflowRuntime> logger)
{
    private readonly IWorkflowInstanceObserver[] _observers = [.. observers];

    /// <summary>Starts the published version of <paramref name="definitionId"/>.</summary>
    public async Task<WorkflowInstance> StartAsync(string definitionId, IReadOnlyDictionary<string, object?>? input = null,
        string? correlationId = null, CancellationToken cancellationToken = default)
    {
        var definition = await definitions.FindPublishedAsync(definitionId, cancellationToken)
                         ?? throw new KeyNotFoundException($"workflow definition '{definitionId}' has no published version");
        return await StartAsync(definition, input, correlationId, cancellationToken);
    }

    /// <summary>Starts a given definition version (published or not) and runs it until it suspends or ends.</summary>
    public async Task<WorkflowInstance> StartAsync(WorkflowDefinition definition, IReadOnlyDictionary<string, object?>? input = null,
        string? correlationId = null, CancellationToken cancellationToken = default)
    {
        var graph = definitions.GetGraph(definition);
        var now = clock.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = Guid.NewGuid().ToString("N"),
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            Version = definition.Version,
            CorrelationId = correlationId,
            Partition = options.Value.Partition,
            Status = WorkflowStatus.Running,
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var variable in definition.Variables)
        {
            instance.Variables[variable.Name] = variable.InitialValue();
        }

        if (input is not null)
        {
            foreach (var (key, value) in input)
            {
                instance.Input[key] = value is JsonElement e ? e : JsonSerializer.SerializeToElement(value, WorkflowJson.Compact);
            }
        }

        instance.Scheduled.Add(graph.StartId);
        using var _ = await locks.AcquireAsync(instance.Id, cancellationToken);
        var execution = new WorkflowExecution(instance, graph, services, clock, cancellationToken, options.Value.MaxActivitiesPerStep);
        execution.JournalInstance("Started");
        await FlowchartRunner.RunAsync(execution);
        await CommitAsync(instance, execution.NewJournal, WorkflowStatus.Running, cancellationToken);
        return instance;
    }

    /// <summary>Resumes every bookmark named <paramref name="name"/> whose stimulus equals <paramref name="stimulus"/>.</summary>
    public async Task<IReadOnlyList<ResumeResult>> ResumeAsync(string name, object? stimulus, object? input = null,
        CancellationToken cancellationToken = default)
    {
        var matches = await store.FindBookmarksAsync(BookmarkHash.Compute(name, stimulus), cancellationToken);
        var results = new List<ResumeResult>(matches.Count);
        foreach (var match in matches)
        {
            results.Add(await ResumeBookmarkAsync(match.InstanceId, match.BookmarkId, input, cancellationToken: cancellationToken));
        }

        return results;
    }

    /// <summary>Resumes one bookmark. Exactly one of several concurrent callers gets <see cref="ResumeStatus.Resumed"/>.</summary>
    public async Task<ResumeResult> ResumeBookmarkAsync(string instanceId, string bookmarkId, object? input = null,
        bool timedOut = false, CancellationToken cancellationToken = default)
    {
        using var _ = await locks.AcquireAsync(instanceId, cancellationToken);
        await using var claim = await store.ClaimAsync(instanceId, cancellationToken);
        var instance = await store.FindAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return new ResumeResult(ResumeStatus.NotFound, null);
        }

        var bookmark = instance.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId);
        if (bookmark is null || instance.IsEnded)
        {
            return new ResumeResult(ResumeStatus.AlreadyResumed, instance);
        }

        var graph = await definitions.GetGraphAsync(instance.DefinitionVersionId, cancellationToken)
                    ?? throw new InvalidOperationException(
                        $"instance {instance.Id} is pinned to definition version {instance.DefinitionVersionId}, which is no longer stored");
        var previous = instance.Status;
        instance.Bookmarks.Remove(bookmark);
        var execution = new WorkflowExecution(instance, graph, services, clock, cancellationToken, options.Value.MaxActivitiesPerStep);
        execution.JournalInstance(timedOut ? "TimerFired" : "Resumed");
        var payload = input switch
        {
            null => (JsonElement?)null,
            JsonElement e => e,
            _ => JsonSerializer.SerializeToElement(input, WorkflowJson.Compact),
        };
        await FlowchartRunner.RunAsync(execution, graph.Node(bookmark.ActivityId), new ResumeContext(bookmark, payload, timedOut));
        try
        {
            await CommitAsync(instance, execution.NewJournal, previous, cancellationToken);
        }
        catch (WorkflowConcurrencyException)
        {
            logger.LogInformation("Bookmark {BookmarkId} of instance {InstanceId} was resumed concurrently", bookmarkId, instanceId);
            return new ResumeResult(ResumeStatus.AlreadyResumed, null);
        }

        return new ResumeResult(ResumeStatus.Resumed, instance);
    }

    /// <summary>Cancels a running or suspended instance: its bookmarks and timers are dropped. False if it had ended.</summary>
    public async Task<bool> CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        using var _ = await locks.AcquireAsync(instanceId, cancellationToken);
        await using var claim = await store.ClaimAsync(instanceId, cancellationToken);
        var instance = await store.FindAsync(instanceId, cancellationToken);
        if (instance is null || instance.IsEnded)
        {
            return false;
        }

        var previous = instance.Status;
        instance.Status = WorkflowStatus.Cancelled;
        instance.Bookmarks.Clear();
        instance.Scheduled.Clear();
        instance.Tokens.Clear();
        await CommitAsync(instance, [], previous, cancellationToken);
        return true;
    }

    public ValueTask<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) =>
        store.FindAsync(instanceId, cancellationToken);

    public ValueTask<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default) =>
        store.GetJournalAsync(instanceId, cancellationToken);

    private async Task CommitAsync(WorkflowInstance instance, List<JournalEntry> journal, WorkflowStatus previous, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        instance.UpdatedAt = now;
        switch (instance.Status)
        {
            case WorkflowStatus.Suspended:
                journal.Add(InstanceEvent(instance, "Suspended", now));
                break;
            case WorkflowStatus.Finished:
                instance.FinishedAt = now;
                journal.Add(InstanceEvent(instance, "Finished", now));
                break;
            case WorkflowStatus.Cancelled:
                instance.FinishedAt = now;
                journal.Add(InstanceEvent(instance, "Cancelled", now));
                break;
            case WorkflowStatus.Faulted:
                instance.FinishedAt = now;
                break;
        }

        foreach (var observer in _observers)
        {
            await observer.OnStepAsync(instance, previous, cancellationToken);
        }

        await store.SaveAsync(instance, journal, cancellationToken);
    }

    private static JournalEntry InstanceEvent(WorkflowInstance instance, string @event, DateTimeOffset at) =>
        new(instance.Id, JournalKinds.Instance, @event, at);
}
