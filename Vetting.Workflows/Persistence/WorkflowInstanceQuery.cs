using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Persistence;

public enum InstanceOrder
{
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

/// <summary>
/// A page of instances for the designer's instance list: optional filters (all must match), newest first unless
/// <see cref="Ascending"/>. <see cref="SearchTerm"/> matches the instance id, correlation id or definition id.
/// </summary>
public sealed record WorkflowInstanceQuery
{
    public IReadOnlyCollection<string>? DefinitionIds { get; init; }
    public IReadOnlyCollection<WorkflowStatus>? Statuses { get; init; }
    public IReadOnlyCollection<int>? Versions { get; init; }
    public string? CorrelationId { get; init; }
    public string? SearchTerm { get; init; }
    public InstanceOrder OrderBy { get; init; } = InstanceOrder.CreatedAt;
    public bool Ascending { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

/// <summary>The instances of one page and how many match in all.</summary>
public sealed record WorkflowInstancePage(IReadOnlyList<WorkflowInstance> Items, int TotalCount);
