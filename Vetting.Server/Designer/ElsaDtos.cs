using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vetting.Server.Designer;

// Elsa 3.8.2's response shapes, as Studio reads them (../shared/design/elsa-studio-api.md). Property names are
// camelCase through the API's JSON options; enums are written as the strings Elsa uses.

public sealed record ElsaPageDto<T>(IReadOnlyList<T> Items, int TotalCount, JsonArray Links);

public sealed record ElsaListDto<T>(IReadOnlyList<T> Items, int Count);

public sealed record ElsaCountDto(int Count);

public sealed record ElsaNameUniqueDto(bool IsUnique);

/// <summary>Elsa's save answer, plus <c>warnings</c> (ours): what the validator accepted but would rather you fixed.</summary>
public sealed record ElsaSaveResponseDto(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount, IReadOnlyList<string> Warnings);

public sealed record ElsaBulkPublishDto(List<string> Published, List<string> AlreadyPublished, List<string> NotFound, List<string> Failed, List<string> Errors);

public sealed record ElsaFeatureDto(string Name, string Namespace, string FullName, string DisplayName, string Description);

public sealed record ElsaStrategyDto(string TypeName, string DisplayName, string Description);

public sealed record ElsaCommitStrategyDto(string Name, string DisplayName, string Description);

public sealed record ElsaVariableTypeDto(string TypeName, string DisplayName, string Category, string Description);

public sealed record ElsaExpressionDescriptorDto(string Type, string DisplayName, bool IsSerializable, bool IsBrowsable, IReadOnlyDictionary<string, string> Properties);

public sealed record ElsaInstanceSummaryDto(string Id, string DefinitionId, string DefinitionVersionId, int Version, string Status, string SubStatus,
    string? CorrelationId, string? Name, int IncidentCount, bool IsSystem, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

public sealed record ElsaInstanceDto(string Id, string DefinitionId, string DefinitionVersionId, int Version, string Status, string SubStatus,
    string? CorrelationId, string? Name, int IncidentCount, bool IsSystem, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt,
    ElsaWorkflowStateDto WorkflowState);

public sealed record ElsaWorkflowStateDto(string Id, string DefinitionId, int DefinitionVersion, string DefinitionVersionId, string? CorrelationId,
    string Status, string SubStatus, IReadOnlyList<ElsaBookmarkDto> Bookmarks, IReadOnlyList<ElsaIncidentDto> Incidents,
    IReadOnlyList<JsonObject> CompletionCallbacks, IReadOnlyList<JsonObject> ActivityExecutionContexts,
    IReadOnlyDictionary<string, JsonElement> Input, IReadOnlyDictionary<string, JsonElement> Output, IReadOnlyDictionary<string, JsonElement> Properties,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, long ExecutionLogSequence);

public sealed record ElsaBookmarkDto(string Id, string Name, string Hash, JsonElement? Payload, string ActivityId, string ActivityNodeId,
    string ActivityInstanceId, DateTimeOffset CreatedAt, bool AutoBurn);

public sealed record ElsaIncidentDto(string ActivityId, string ActivityNodeId, string ActivityType, string Message, ElsaExceptionDto? Exception, DateTimeOffset Timestamp);

public sealed record ElsaExceptionDto(string Type, string Message, string? StackTrace);

public sealed record ElsaExecutionStateDto(string Status, string SubStatus, DateTimeOffset UpdatedAt);

public sealed record ElsaVariableValueDto(string Id, string Name, JsonElement? Value);

public sealed record ElsaJournalRecordDto(string Id, string ActivityInstanceId, string? ParentActivityInstanceId, string ActivityId, string ActivityType,
    int ActivityTypeVersion, string? ActivityName, string NodeId, DateTimeOffset Timestamp, long Sequence, string EventName, string? Message,
    string? Source, JsonObject? ActivityState, JsonObject? Payload);

public sealed record ElsaActivityStatsDto(string ActivityId, string ActivityNodeId, int StartedCount, int CompletedCount, int UncompletedCount,
    bool IsBlocked, bool IsFaulted);

public sealed record ElsaActivityReportDto(IReadOnlyList<ElsaActivityStatsDto> Stats);

public sealed record ElsaActivityExecutionDto(string Id, string WorkflowInstanceId, string ActivityId, string ActivityNodeId, string ActivityType,
    int ActivityTypeVersion, string? ActivityName, JsonObject? ActivityState, JsonObject? Payload, JsonObject? Outputs, JsonObject? Properties,
    JsonObject? Metadata, ElsaExceptionDto? Exception, DateTimeOffset StartedAt, bool HasBookmarks, string Status, DateTimeOffset? CompletedAt,
    int AggregateFaultCount);

public sealed record ElsaActivityExecutionSummaryDto(string Id, string WorkflowInstanceId, string ActivityId, string ActivityNodeId, string ActivityType,
    int ActivityTypeVersion, string? ActivityName, DateTimeOffset StartedAt, bool HasBookmarks, string Status, DateTimeOffset? CompletedAt,
    int AggregateFaultCount, JsonObject? Metadata);

public sealed record ElsaCallStackDto(string ActivityExecutionId, IReadOnlyList<ElsaActivityExecutionDto> Items, long TotalCount);

public sealed record ElsaUpdatedAtDto(DateTimeOffset UpdatedAt);
