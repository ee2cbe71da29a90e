using Vetting.Workflows.Definitions;

namespace Vetting.Workflows.Persistence;

public sealed class InMemoryWorkflowDefinitionStore : IWorkflowDefinitionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WorkflowDefinition> _byId = new(StringComparer.Ordinal);

    public ValueTask<WorkflowDefinition?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_byId.TryGetValue(id, out var d) ? WorkflowJson.Clone(d) : null);
        }
    }

    public ValueTask<IReadOnlyList<WorkflowDefinition>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<WorkflowDefinition>>(_byId.Values
                .Where(d => d.DefinitionId == definitionId)
                .OrderBy(d => d.Version)
                .Select(WorkflowJson.Clone)
                .ToList());
        }
    }

    public ValueTask<WorkflowDefinition?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var published = _byId.Values.FirstOrDefault(d => d.DefinitionId == definitionId && d.IsPublished);
            return ValueTask.FromResult(published is null ? null : WorkflowJson.Clone(published));
        }
    }

    public ValueTask<IReadOnlyList<WorkflowDefinition>> ListLatestAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<WorkflowDefinition>>(_byId.Values
                .Where(d => d.IsLatest)
                .OrderBy(d => d.DefinitionId, StringComparer.Ordinal)
                .Select(WorkflowJson.Clone)
                .ToList());
        }
    }

    public ValueTask<IReadOnlyList<WorkflowDefinition>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<WorkflowDefinition>>(_byId.Values
                .OrderBy(d => d.DefinitionId, StringComparer.Ordinal)
                .ThenBy(d => d.Version)
                .Select(WorkflowJson.Clone)
                .ToList());
        }
    }

    public ValueTask SaveAsync(IReadOnlyCollection<WorkflowDefinition> definitions, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var definition in definitions)
            {
                _byId[definition.Id] = WorkflowJson.Clone(definition);
            }
        }

        return ValueTask.CompletedTask;
    }
}
