namespace Vetting.Agent.Settings;

/// <summary>Where the agent reports to and how it may treat the machine it runs on.</summary>
public sealed record AgentSettings
{
    public required Uri Orchestrator { get; init; }

    public required long RunId { get; init; }

    public required string Token { get; init; }

    /// <summary>Local/demo mode: fio runs on a size-bounded file in this directory instead of block devices.</summary>
    public string? ScratchDirectory { get; init; }

    /// <summary>Local runs: a poweroff instruction only ends the agent.</summary>
    public bool NoPowerOff { get; init; }
}
