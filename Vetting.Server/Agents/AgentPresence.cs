using Vetting.Activities;
using Vetting.Server.Configuration;
using Vetting.Server.Runs;

namespace Vetting.Server.Agents;

/// <summary>
/// The one rule for "is the node's agent still there": it called within <c>agent.lost_after</c> and its run has not
/// ended. Used to decide whether a node can be told to power off and when a run's agent counts as lost.
/// </summary>
public sealed class AgentPresence(AgentOptions options, TimeProvider clock)
{
    /// <summary>The states in which a run waits on its agent; silence for <c>lost_after</c> there fails the run.</summary>
    public static readonly IReadOnlyList<string> AwaitingAgentStates =
        [RunStates.Inventory, RunStates.Cpu, RunStates.Memory, RunStates.Storage, RunStates.Network, RunStates.Reporting, RunStates.FailedHolding];

    public TimeSpan LostAfter => options.LostAfter;

    /// <summary>An agent last seen before this moment is lost.</summary>
    public DateTimeOffset LostBefore => clock.GetUtcNow() - options.LostAfter;

    /// <summary>
    /// How fresh <c>AgentSeenAt</c> is kept: a call within this of the stored sign of life writes nothing. A twentieth of
    /// <c>lost_after</c>, at most 5 s, so the lost-agent verdict moves by no more than that, and a node polling or
    /// beating several times a second costs one write per period instead of one per call.
    /// </summary>
    public TimeSpan SeenResolution => options.LostAfter / 20 < MaxSeenResolution ? options.LostAfter / 20 : MaxSeenResolution;

    private static readonly TimeSpan MaxSeenResolution = TimeSpan.FromSeconds(5);

    /// <summary>Whether a call at <paramref name="now"/> must be written as the run's new sign of life.</summary>
    public bool IsNewSignOfLife(Run run, DateTimeOffset now) => run.AgentSeenAt is not { } seen || now - seen >= SeenResolution || now < seen;

    public bool IsAlive(Run run) => run.AgentSeenAt is { } seen && !RunStates.IsTerminal(run.State) && seen >= LostBefore;

    /// <summary>The run waits on an agent that has gone silent for longer than <c>lost_after</c>.</summary>
    public bool IsLost(Run run) => AwaitingAgentStates.Contains(run.State) && run.AgentSeenAt is { } seen && seen < LostBefore;
}
