using System.ComponentModel.DataAnnotations.Schema;
using Vetting.Server.Hosts;

namespace Vetting.Server.Runs;

public sealed class Run
{
    public int Id { get; set; }
    public int HostId { get; set; }
    public RegisteredHost Host { get; set; } = null!;
    public string State { get; set; } = "";
    public string Profile { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The host's expected spec as it was when the run was created.</summary>
    public string ExpectedSpec { get; set; } = "";

    public string WorkflowDefinitionId { get; set; } = "";
    public int? WorkflowVersion { get; set; }
    public string? WorkflowInstanceId { get; set; }

    /// <summary>SHA-256 of the agent token (hex); the token itself only ever exists in the iPXE script.</summary>
    public string? TokenHash { get; set; }

    public string? AgentBootId { get; set; }
    public string? AgentHostname { get; set; }
    public string? AgentIp { get; set; }
    public string? AgentVersion { get; set; }
    public string? AgentKernel { get; set; }
    public DateTimeOffset? AgentSeenAt { get; set; }

    /// <summary>Operator override: the storage stage may run the destructive wipe-probe on non-blank disks.</summary>
    public bool AllowDestructive { get; set; }

    public string? InventoryJson { get; set; }

    public string? FailureStage { get; set; }
    public string? FailureReason { get; set; }
    public string? FailureMessage { get; set; }

    public string? HoldPublicKey { get; set; }
    public DateTimeOffset? ReportWrittenAt { get; set; }

    /// <summary>
    /// States passed through since the last save, in order: one step can cross several (Reporting → Passed), and
    /// each is announced to SSE clients after the commit.
    /// </summary>
    [NotMapped]
    public List<string> Transitions { get; } = [];

    /// <summary>
    /// Optimistic concurrency: bumped by every save that changes the run (except agent bookkeeping), so two writers
    /// working from the same snapshot — a workflow step and an operator's cancel — cannot silently undo each other.
    /// </summary>
    public int Stamp { get; set; }

    public List<StageAttempt> Stages { get; set; } = [];
    public List<RunMeasurement> Measurements { get; set; } = [];
    public List<RunSpecDiff> SpecDiffs { get; set; } = [];
    public List<RunArtifact> Artifacts { get; set; } = [];
}

/// <summary>One attempt of one stage (storage can run twice after an override).</summary>
public sealed class StageAttempt
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public string Name { get; set; } = "";
    public int Attempt { get; set; }

    /// <summary>running, passed, failed, error, timedout, cancelled.</summary>
    public string Status { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Summary { get; set; }
    public string? FailureReason { get; set; }
    public string? FailureMessage { get; set; }
    public string InstructionId { get; set; } = "";
}

public sealed class RunMeasurement
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public string Stage { get; set; } = "";
    public int Attempt { get; set; }
    public string Name { get; set; } = "";
    public string? Device { get; set; }
    public double Value { get; set; }
    public string Unit { get; set; } = "";
}

public sealed class RunSpecDiff
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public string Path { get; set; } = "";
    public string Expected { get; set; } = "";
    public string Actual { get; set; } = "";
    public string Severity { get; set; } = "";
}

public sealed class RunArtifact
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public string Name { get; set; } = "";
    public long SizeBytes { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
