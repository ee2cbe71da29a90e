using System.Text.Json;

namespace Vetting.Workflows.Runtime;

public enum WorkflowStatus
{
    Running,
    Suspended,
    Finished,
    Faulted,
    Cancelled,
}

/// <summary>
/// The durable state of one execution of a definition version. Everything here is plain data so a store can
/// persist it and a fresh process can carry on from it.
/// </summary>
public sealed class WorkflowInstance
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string DefinitionVersionId { get; set; } = "";
    public int Version { get; set; }
    public string? CorrelationId { get; set; }

    /// <summary>
    /// Whose timers fire this instance's bookmarks: <see cref="Hosting.WorkflowRuntimeOptions.Partition"/> of the
    /// process that started it (an orchestrator's site). Null: any process's.
    /// </summary>
    public string? Partition { get; set; }
    public WorkflowStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Optimistic concurrency counter, bumped by every save.</summary>
    public int Revision { get; set; }

    public Dictionary<string, JsonElement> Input { get; set; } = [];
    public Dictionary<string, JsonElement> Variables { get; set; } = [];

    /// <summary>Last output of each activity, keyed by activity id.</summary>
    public Dictionary<string, JsonElement> Outputs { get; set; } = [];

    /// <summary>Work not yet executed; empty whenever the instance is at rest, unless a step crashed mid-way.</summary>
    public List<string> Scheduled { get; set; } = [];

    /// <summary>Inbound connections of joins that have delivered control and wait for their siblings.</summary>
    public List<JoinToken> Tokens { get; set; } = [];

    public List<Bookmark> Bookmarks { get; set; } = [];
    public List<Incident> Incidents { get; set; } = [];

    /// <summary>Id of the activity executed last; the host uses it to explain how an instance ended.</summary>
    public string? LastActivityId { get; set; }

    public bool IsEnded => Status is WorkflowStatus.Finished or WorkflowStatus.Faulted or WorkflowStatus.Cancelled;
}

/// <summary>Control that arrived at <see cref="Target"/> through inbound connection number <see cref="ConnectionIndex"/>.</summary>
public sealed record JoinToken(string Target, int ConnectionIndex);

public sealed record Incident(string ActivityId, string ActivityType, string Message, string? ExceptionType, DateTimeOffset Timestamp);
