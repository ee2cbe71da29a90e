using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Persistence;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.EntityFrameworkCore;

/// <summary>Between the runtime's <see cref="Vetting.Workflows.Runtime.WorkflowInstance"/> and its rows.</summary>
internal static class InstanceMapping
{
    public static WorkflowInstance ToInstance(WorkflowInstanceRecord record, IEnumerable<BookmarkRecord> bookmarks)
    {
        var state = JsonSerializer.Deserialize<PersistedState>(record.StateJson, WorkflowJson.Compact) ?? new PersistedState();
        return new WorkflowInstance
        {
            Id = record.Id,
            DefinitionId = record.DefinitionId,
            DefinitionVersionId = record.DefinitionVersionId,
            Version = record.Version,
            CorrelationId = record.CorrelationId,
            Partition = record.Partition,
            Status = Enum.Parse<WorkflowStatus>(record.Status),
            CreatedAt = record.CreatedAt,
            UpdatedAt = record.UpdatedAt,
            FinishedAt = record.FinishedAt,
            Revision = record.Revision,
            Input = state.Input,
            Variables = state.Variables,
            Outputs = state.Outputs,
            Scheduled = state.Scheduled,
            Tokens = state.Tokens,
            Incidents = state.Incidents,
            LastActivityId = state.LastActivityId,
            Bookmarks = bookmarks.Select(ToBookmark).OrderBy(b => b.CreatedAt).ToList(),
        };
    }

    public static void Apply(WorkflowInstance instance, WorkflowInstanceRecord record)
    {
        record.DefinitionId = instance.DefinitionId;
        record.DefinitionVersionId = instance.DefinitionVersionId;
        record.Version = instance.Version;
        record.CorrelationId = instance.CorrelationId;
        record.Partition = instance.Partition;
        record.Status = instance.Status.ToString();
        record.CreatedAt = instance.CreatedAt;
        record.UpdatedAt = instance.UpdatedAt;
        record.FinishedAt = instance.FinishedAt;
        record.StateJson = JsonSerializer.Serialize(new PersistedState
        {
            Input = instance.Input,
            Variables = instance.Variables,
            Outputs = instance.Outputs,
            Scheduled = instance.Scheduled,
            Tokens = instance.Tokens,
            Incidents = instance.Incidents,
            LastActivityId = instance.LastActivityId,
        }, WorkflowJson.Compact);
    }

    public static BookmarkRecord ToRecord(Bookmark b) => new()
    {
        Id = b.Id,
        InstanceId = b.InstanceId,
        ActivityId = b.ActivityId,
        Name = b.Name,
        Hash = b.Hash,
        PayloadJson = b.Payload?.GetRawText(),
        ResumeAtMs = b.ResumeAt?.ToUnixTimeMilliseconds(),
        CreatedAt = b.CreatedAt,
    };

    public static Bookmark ToBookmark(BookmarkRecord r) => new(
        r.Id,
        r.InstanceId,
        r.ActivityId,
        r.Name,
        r.Hash,
        r.PayloadJson is null ? null : JsonDocument.Parse(r.PayloadJson).RootElement.Clone(),
        r.ResumeAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        r.CreatedAt);

    public static JournalRecord ToRecord(JournalEntry e) => new()
    {
        InstanceId = e.InstanceId,
        Kind = e.Kind,
        Event = e.Event,
        Timestamp = e.Timestamp,
        ActivityId = e.ActivityId,
        ActivityType = e.ActivityType,
        Outcome = e.Outcome,
        DurationMs = e.DurationMs,
        Error = e.Error,
    };

    public static JournalEntry ToEntry(JournalRecord r) =>
        new(r.InstanceId, r.Kind, r.Event, r.Timestamp, r.ActivityId, r.ActivityType, r.Outcome, r.DurationMs, r.Error);

    private sealed class PersistedState
    {
        public Dictionary<string, JsonElement> Input { get; set; } = [];
        public Dictionary<string, JsonElement> Variables { get; set; } = [];
        public Dictionary<string, JsonElement> Outputs { get; set; } = [];
        public List<string> Scheduled { get; set; } = [];
        public List<JoinToken> Tokens { get; set; } = [];
        public List<Incident> Incidents { get; set; } = [];
        public string? LastActivityId { get; set; }
    }
}
