namespace Vetting.Server.Reports;

public sealed record ReportRun
{
    public required int Id { get; init; }

    /// <summary>The run state it ended in, e.g. <c>Passed</c> or <c>FailedHolding</c>.</summary>
    public required string State { get; init; }

    /// <summary><c>quick</c>, <c>standard</c> or <c>burn-in</c>.</summary>
    public required string Profile { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Null when the run was cancelled while still queued.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public double? DurationSeconds { get; init; }

    public ReportFailure? Failure { get; init; }
}
