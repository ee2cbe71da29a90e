namespace Vetting.Server.Agents;

/// <summary>An instruction queued for a run's agent, and the result it posted (kept for idempotent re-posts).</summary>
public sealed class AgentInstruction
{
    public string Id { get; set; } = "";
    public int RunId { get; set; }

    /// <summary>stage, hold, poweroff, exit.</summary>
    public string Kind { get; set; } = "";

    public string? Stage { get; set; }
    public string ParametersJson { get; set; } = "{}";
    public string? SshPublicKey { get; set; }
    public DateTimeOffset Deadline { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? ResultJson { get; set; }

    /// <summary>Set when the instruction no longer matters (run cancelled, stage re-queued).</summary>
    public bool Withdrawn { get; set; }
}
