namespace Vetting.Server.Reports;

public sealed record ReportStage
{
    public required string Name { get; init; }

    /// <summary><c>pending</c>, <c>running</c>, <c>passed</c>, <c>failed</c>, <c>error</c>, <c>timedout</c> or <c>skipped</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Greater than 1 when the stage was re-run, e.g. storage after a wipe-probe override.</summary>
    public int Attempt { get; init; } = 1;

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public double? DurationSeconds { get; init; }

    /// <summary>The agent's one-line summary.</summary>
    public string? Summary { get; init; }

    public ReportFailure? Failure { get; init; }
}
