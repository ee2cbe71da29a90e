using System.ComponentModel.DataAnnotations.Schema;
using Vetting.Activities;
using Vetting.Server.Hosts;

namespace Vetting.Server.Runs;

public sealed class Run
{
    public int Id { get; set; }
    public int HostId { get; set; }
    public RegisteredHost Host { get; set; } = null!;

    /// <summary>Changed only by <see cref="MoveTo"/>, which every caller (workflow, PXE, scheduler, operator, monitor) goes through.</summary>
    public string State { get; private set; } = "";
    public string Profile { get; set; } = "";

    /// <summary>The host's site when the run was queued: that site's orchestrator starts and drives it.</summary>
    public string Site { get; set; } = Configuration.SiteOptions.DefaultName;
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

    /// <summary>A new run of <paramref name="host"/>, waiting in <c>Queued</c> for a slot.</summary>
    public static Run Queue(RegisteredHost host, string profile, string workflowDefinitionId, DateTimeOffset now) => new()
    {
        HostId = host.Id,
        Host = host,
        State = RunStates.Queued,
        Profile = profile,
        CreatedAt = now,
        ExpectedSpec = host.ExpectedSpec,
        WorkflowDefinitionId = workflowDefinitionId,
        Site = host.Site,
    };

    /// <summary>
    /// The one place a run's state changes: records the transition for SSE and stamps the start of the run's first
    /// move. False when the run already was in <paramref name="state"/>.
    /// </summary>
    public bool MoveTo(string state, DateTimeOffset now)
    {
        if (State == state)
        {
            return false;
        }

        State = state;
        Transitions.Add(state);
        StartedAt ??= now;
        return true;
    }
}

/// <summary>One attempt of one stage (storage can run twice after an override).</summary>
public sealed class StageAttempt
{
    // The statuses the orchestrator sets itself; the others are the agent's (StageStatuses).
    public const string Running = "running";
    public const string TimedOut = "timedout";
    public const string Cancelled = "cancelled";

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
