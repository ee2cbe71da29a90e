using System.Collections.Concurrent;
using Vetting.Workflows.Activities;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Versioning;

/// <summary>Compiled graphs by definition version id; a draft saved again under the same id is evicted.</summary>
public sealed class WorkflowGraphCache(ActivityRegistry registry)
{
    private readonly ConcurrentDictionary<string, WorkflowGraph> _graphs = new(StringComparer.Ordinal);

    public WorkflowGraph Get(WorkflowDefinition definition) =>
        _graphs.TryGetValue(definition.Id, out var graph) && (definition.IsPublished || ReferenceEquals(graph.Definition, definition))
            ? graph
            : _graphs[definition.Id] = WorkflowGraph.Build(definition, registry);

    public WorkflowGraph? TryGet(string definitionVersionId) => _graphs.GetValueOrDefault(definitionVersionId);

    public void Evict(string definitionVersionId) => _graphs.TryRemove(definitionVersionId, out _);
}
