namespace Vetting.Agent.Loop;

public sealed record AgentLoopOptions
{
    /// <summary>Long-poll length of <c>next</c>; the contract allows up to 60.</summary>
    public int WaitSeconds { get; init; } = 30;

    /// <summary>Used until the hello answer says otherwise.</summary>
    public TimeSpan DefaultHeartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A stage whose deadline already passed by the agent's clock still gets this long (clocks drift).</summary>
    public TimeSpan MinimumStageTime { get; init; } = TimeSpan.FromMinutes(1);
}
