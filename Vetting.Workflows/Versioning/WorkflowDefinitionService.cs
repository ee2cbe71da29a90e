using Vetting.Workflows.Activities;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Persistence;

namespace Vetting.Workflows.Versioning;

/// <summary>
/// Versioning rules on top of the definition store: saving a published version starts version N+1 as a draft,
/// saving a draft replaces it, publishing un-publishes the previous version. Running instances are pinned to a
/// version id, so none of this affects them.
/// </summary>
public sealed class WorkflowDefinitionService(
    IWorkflowDefinitionStore store,
    ActivityRegistry registry,
    WorkflowGraphCache graphs,
    DefinitionLocks locks,
    TimeProvider clock)
{
    public ValueTask<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken cancellationToken = default) =>
        store.FindByIdAsync(versionId, cancellationToken);

    public ValueTask<IReadOnlyList<WorkflowDefinition>> ListLatestAsync(CancellationToken cancellationToken = default) =>
        store.ListLatestAsync(cancellationToken);

    public ValueTask<IReadOnlyList<WorkflowDefinition>> ListAllAsync(CancellationToken cancellationToken = default) =>
        store.ListAllAsync(cancellationToken);

    public ValueTask<IReadOnlyList<WorkflowDefinition>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default) =>
        store.ListVersionsAsync(definitionId, cancellationToken);

    /// <summary>A given version, or the latest when <paramref name="version"/> is null.</summary>
    public async ValueTask<WorkflowDefinition?> FindAsync(string definitionId, int? version = null, CancellationToken cancellationToken = default)
    {
        var versions = await store.ListVersionsAsync(definitionId, cancellationToken);
        return version is { } v ? versions.FirstOrDefault(d => d.Version == v) : versions.FirstOrDefault(d => d.IsLatest);
    }

    public ValueTask<WorkflowDefinition?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken = default) =>
        store.FindPublishedAsync(definitionId, cancellationToken);

    public Runtime.WorkflowGraph GetGraph(WorkflowDefinition definition) => graphs.Get(definition);

    /// <summary>The graph of a stored version, from the cache when it is there (resumes are hot; definitions are not).</summary>
    public async ValueTask<Runtime.WorkflowGraph?> GetGraphAsync(string definitionVersionId, CancellationToken cancellationToken = default)
    {
        if (graphs.TryGet(definitionVersionId) is { } cached)
        {
            return cached;
        }

        var definition = await store.FindByIdAsync(definitionVersionId, cancellationToken);
        return definition is null ? null : graphs.Get(definition);
    }

    /// <summary>Validates and stores a draft; throws <see cref="WorkflowDefinitionException"/> listing every problem.</summary>
    public ValueTask<WorkflowDefinition> SaveDraftAsync(WorkflowDefinition incoming, CancellationToken cancellationToken = default) =>
        SaveDraftAsync(incoming, validate: true, cancellationToken);

    /// <summary>
    /// Stores a draft. With <paramref name="validate"/> false an unfinished graph is kept as it is (a designer saves
    /// after every edit); it is validated when published, and runs only ever use published versions.
    /// </summary>
    public async ValueTask<WorkflowDefinition> SaveDraftAsync(WorkflowDefinition incoming, bool validate, CancellationToken cancellationToken = default)
    {
        if (DefinitionValidator.IdentityErrors(incoming).ToList() is { Count: > 0 } identity)
        {
            throw new WorkflowDefinitionException(identity);
        }

        using var held = await locks.AcquireAsync(incoming.DefinitionId, cancellationToken);
        var versions = await store.ListVersionsAsync(incoming.DefinitionId, cancellationToken);
        var latest = versions.FirstOrDefault(d => d.IsLatest) ?? versions.MaxBy(d => d.Version);
        var draft = WorkflowJson.Clone(incoming);
        draft.IsLatest = true;
        draft.IsPublished = false;
        draft.CreatedAt = clock.GetUtcNow();
        var changed = new List<WorkflowDefinition> { draft };
        if (latest is null)
        {
            draft.Version = 1;
            draft.Id = NewVersionId();
        }
        else if (latest.IsPublished)
        {
            draft.Version = latest.Version + 1;
            draft.Id = NewVersionId();
            latest.IsLatest = false;
            changed.Add(latest);
        }
        else
        {
            draft.Version = latest.Version;
            draft.Id = latest.Id;
        }

        if (validate)
        {
            ThrowIfInvalid(draft);
        }

        graphs.Evict(draft.Id);
        await store.SaveAsync(changed, cancellationToken);
        return draft;
    }

    /// <summary>Publishes a version (the latest when not given); new instances start from it.</summary>
    public async ValueTask<WorkflowDefinition> PublishAsync(string definitionId, int? version = null, CancellationToken cancellationToken = default)
    {
        using var held = await locks.AcquireAsync(definitionId, cancellationToken);
        var versions = await store.ListVersionsAsync(definitionId, cancellationToken);
        var target = (version is { } v ? versions.FirstOrDefault(d => d.Version == v) : versions.FirstOrDefault(d => d.IsLatest))
                     ?? throw new KeyNotFoundException(version is null
                         ? $"workflow definition '{definitionId}' does not exist"
                         : $"workflow definition '{definitionId}' has no version {version}");
        ThrowIfInvalid(target);
        var changed = versions.Where(d => d.IsPublished && d.Id != target.Id).ToList();
        changed.ForEach(d => d.IsPublished = false);
        target.IsPublished = true;
        changed.Add(target);
        graphs.Evict(target.Id);
        await store.SaveAsync(changed, cancellationToken);
        return target;
    }

    /// <summary>
    /// Stores a definition exactly at the version it declares (the importer's path). Returns false when that
    /// version is already stored with the same content; throws when it is stored with different content.
    /// </summary>
    public async ValueTask<bool> ImportAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalid(definition);
        using var held = await locks.AcquireAsync(definition.DefinitionId, cancellationToken);
        var versions = await store.ListVersionsAsync(definition.DefinitionId, cancellationToken);
        var existing = versions.FirstOrDefault(d => d.Version == definition.Version);
        if (existing is not null)
        {
            return SameContent(existing, definition)
                ? false
                : throw new WorkflowDefinitionException(
                    $"definition '{definition.DefinitionId}' version {definition.Version} is already stored with different content; raise 'version' to import a change");
        }

        var imported = WorkflowJson.Clone(definition);
        if (string.IsNullOrWhiteSpace(imported.Id) || versions.Any(d => d.Id == imported.Id))
        {
            imported.Id = NewVersionId();
        }

        imported.CreatedAt = imported.CreatedAt == default ? clock.GetUtcNow() : imported.CreatedAt;
        var changed = new List<WorkflowDefinition> { imported };
        var newest = versions.Count == 0 || imported.Version > versions.Max(d => d.Version);
        imported.IsLatest = newest;
        if (newest)
        {
            changed.AddRange(versions.Where(d => d.IsLatest).Select(d => { d.IsLatest = false; return d; }));
        }

        if (imported.IsPublished)
        {
            changed.AddRange(versions.Where(d => d.IsPublished).Select(d => { d.IsPublished = false; return d; }));
        }

        await store.SaveAsync(changed.DistinctBy(d => d.Id).ToList(), cancellationToken);
        return true;
    }

    public void ThrowIfInvalid(WorkflowDefinition definition)
    {
        var errors = DefinitionValidator.Validate(definition, registry);
        if (errors.Count > 0)
        {
            throw new WorkflowDefinitionException(errors);
        }
    }

    /// <summary>Compares what an author wrote, ignoring what the store manages (id, version, flags, timestamps).</summary>
    public static bool SameContent(WorkflowDefinition a, WorkflowDefinition b) => Fingerprint(a) == Fingerprint(b);

    private static string Fingerprint(WorkflowDefinition definition)
    {
        var copy = WorkflowJson.Clone(definition);
        copy.Id = "";
        copy.Version = 0;
        copy.IsLatest = false;
        copy.IsPublished = false;
        copy.CreatedAt = default;
        return CanonicalJson.Write(System.Text.Json.JsonSerializer.SerializeToElement(copy, WorkflowJson.Compact));
    }

    private static string NewVersionId() => Guid.NewGuid().ToString("N");
}
