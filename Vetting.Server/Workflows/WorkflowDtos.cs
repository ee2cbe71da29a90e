using System.Text.Json;
using Vetting.Workflows.Runtime;

namespace Vetting.Server.Workflows;

/// <summary>One version of a workflow definition, without its graph; <c>profiles</c> are the ones Start Vetting may name.</summary>
public sealed record WorkflowDefinitionSummaryDto(string Id, string DefinitionId, string? Name, string? Description, int Version,
    bool IsLatest, bool IsPublished, DateTimeOffset CreatedAt, IReadOnlyList<string> Profiles);

public sealed record WorkflowBookmarkDto(string Id, string ActivityId, string Name, DateTimeOffset? ResumeAt, DateTimeOffset CreatedAt);

/// <summary>A workflow instance with what it waits on, its incidents, variables and journal.</summary>
public sealed record WorkflowInstanceDto(string Id, string DefinitionId, string DefinitionVersionId, int Version, string? CorrelationId,
    string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<string> CurrentActivities, IReadOnlyList<WorkflowBookmarkDto> Bookmarks, IReadOnlyList<Incident> Incidents,
    IReadOnlyDictionary<string, JsonElement> Variables, IReadOnlyDictionary<string, JsonElement> Input, IReadOnlyList<JournalEntry> Journal);
