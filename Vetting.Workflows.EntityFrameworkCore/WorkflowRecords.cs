namespace Vetting.Workflows.EntityFrameworkCore;

/// <summary>Row of <c>workflow_instances</c>: queryable columns plus the runner state as JSON.</summary>
public sealed class WorkflowInstanceRecord
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string DefinitionVersionId { get; set; } = "";
    public int Version { get; set; }
    public string? CorrelationId { get; set; }
    public string? Partition { get; set; }
    public string Status { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Revision { get; set; }
    public string StateJson { get; set; } = "{}";
}

/// <summary>Row of <c>workflow_bookmarks</c>; <see cref="ResumeAtMs"/> is Unix milliseconds so SQLite can order and compare it.</summary>
public sealed class BookmarkRecord
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Hash { get; set; } = "";
    public string? PayloadJson { get; set; }
    public long? ResumeAtMs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class JournalRecord
{
    public long Id { get; set; }
    public string InstanceId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Event { get; set; } = "";
    public DateTimeOffset Timestamp { get; set; }
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }
    public string? Outcome { get; set; }
    public double? DurationMs { get; set; }
    public string? Error { get; set; }
}

public sealed class WorkflowDefinitionRecord
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public string? Name { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Json { get; set; } = "{}";
}
