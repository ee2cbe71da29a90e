using Vetting.Protocol;

namespace Vetting.Agent.Stages;

/// <summary>
/// A stage's verdict plus the raw output that backs it. The result's artifact list is filled in by the agent
/// with the names that were actually uploaded.
/// </summary>
public sealed record StageOutcome(StageResult Result, IReadOnlyList<StageArtifact> Artifacts)
{
    public static StageOutcome Error(string reason, string message, IReadOnlyList<StageArtifact>? artifacts = null) => new(new StageResult
    {
        Status = StageStatuses.Error,
        Summary = message,
        Failure = new StageFailure { Reason = reason, Message = message },
    }, artifacts ?? []);

    public static StageOutcome ToolMissing(string tool, IReadOnlyList<StageArtifact>? artifacts = null) =>
        Error(FailureReasons.ToolMissing, $"{tool} is not installed in the live image", artifacts);
}
