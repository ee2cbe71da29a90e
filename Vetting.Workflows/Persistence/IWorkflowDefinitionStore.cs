using Vetting.Workflows.Definitions;

namespace Vetting.Workflows.Persistence;

/// <summary>Stored definition versions. Versioning rules live in <see cref="Versioning.WorkflowDefinitionService"/>.</summary>
public interface IWorkflowDefinitionStore
{
    ValueTask<WorkflowDefinition?> FindByIdAsync(string id, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<WorkflowDefinition>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default);

    /// <summary>The published version of a definition, or null; reads that version only (every run start asks).</summary>
    ValueTask<WorkflowDefinition?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<WorkflowDefinition>> ListLatestAsync(CancellationToken cancellationToken = default);

    /// <summary>Every stored version of every definition, ordered by definition id, then version.</summary>
    ValueTask<IReadOnlyList<WorkflowDefinition>> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces (by <see cref="WorkflowDefinition.Id"/>) all given versions atomically.</summary>
    ValueTask SaveAsync(IReadOnlyCollection<WorkflowDefinition> definitions, CancellationToken cancellationToken = default);
}
