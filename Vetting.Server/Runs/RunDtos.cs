namespace Vetting.Server.Runs;

public sealed record RunSummaryDto(int Id, int HostId, string HostName, string State, string Profile,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, FailureDto? Failure, string? Verdict, string Site);

/// <summary>
/// A run as the operator API shows it. <c>Verdict</c> (passed, failed, inconclusive, cancelled) is null until the run
/// ends. <c>Site</c> is the site whose orchestrator drives it (<c>GET /api/v1/sites</c>).
/// </summary>
public sealed record RunDto(
    int Id, int HostId, string HostName, string State, string Profile,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    WorkflowRefDto Workflow,
    IReadOnlyList<StageDto> Stages,
    IReadOnlyList<SpecDiffDto> SpecDiffs,
    IReadOnlyList<MeasurementDto> Measurements,
    HoldDto? Hold,
    FailureDto? Failure,
    AgentDto? Agent,
    bool ReportAvailable,
    string? Verdict,
    IReadOnlyList<NotificationDeliveryDto> Notifications,
    string Site);

/// <summary>One notification of the run to one notifier: Pending (with its next try), Sent or Failed, and why not.</summary>
public sealed record NotificationDeliveryDto(string Event, string Notifier, string Status, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt, string? LastError);

public sealed record WorkflowRefDto(string DefinitionId, int? Version, string? InstanceId);

public sealed record StageDto(string Name, string Status, int Attempt, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Summary, FailureDto? Failure);

public sealed record SpecDiffDto(string Path, string Expected, string Actual, string Severity);

public sealed record MeasurementDto(string Stage, string Name, string? Device, double Value, string Unit);

public sealed record HoldDto(string? Ip, string? SshCommand, string PublicKey);

public sealed record FailureDto(string? Stage, string Reason, string Message);

public sealed record AgentDto(string? Hostname, string? Ip, string? BootId, string? Version, DateTimeOffset? LastSeenAt);

public sealed record ArtifactDto(string Name, long SizeBytes, string Sha256, DateTimeOffset CreatedAt);
